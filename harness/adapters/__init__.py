"""One adapter per language behind one contract (see base.Adapter)."""

from .base import Adapter, AdapterError, LanguageResult, make_adapter, make_local_adapter

__all__ = ["Adapter", "AdapterError", "LanguageResult", "make_adapter", "make_local_adapter"]
