"""Docs that cannot drift silently: the README's command table and sample output are checked
against the code that produces them."""

import re
import shlex
import subprocess
from pathlib import Path

from nnparity import REPO_ROOT
from nnparity.cli import build_parser, main

README = (REPO_ROOT / "README.md").read_text()


def _subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return {name: sub for name, sub in action.choices.items()}


def test_command_table_lists_every_command_and_only_real_options():
    rows = re.findall(r"^\| `nnparity (\w+)([^`]*)` \|", README, flags=re.M)
    documented = {name for name, _ in rows}
    assert documented == set(_subcommands()), "README command table and the CLI disagree"
    for name, usage in rows:
        options = {o for a in _subcommands()[name]._actions for o in a.option_strings}
        for option in re.findall(r"--[a-z][a-z-]*", usage):
            assert option in options, f"README shows `nnparity {name} {option}`, which the CLI does not have"


def test_sample_output_is_what_the_tool_prints(tmp_path, capsys):
    block = re.search(r"```\n(\$ cp -r r_impl .*?\n)(\$ nnparity run .*?\n)(.*?)```", README, flags=re.S)
    copy_command, run_command, shown = block.group(1)[2:], block.group(2)[2:].strip(), block.group(3)
    copy_command = copy_command.replace("/tmp/r_db", str(tmp_path / "r_db"))
    subprocess.run(copy_command, shell=True, check=True, cwd=REPO_ROOT)
    argv = shlex.split(run_command.replace("/tmp/r_db", str(tmp_path / "r_db")))[1:]
    assert main(argv) == 1
    printed = capsys.readouterr().out

    def comparable(text):  # timings vary from run to run; everything else must match
        return [re.sub(r"\d+\.\d+s", "#s", line).rstrip() for line in text.splitlines() if line.strip()]

    assert comparable(printed) == comparable(shown)


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1].strip().splitlines()
    assert first_block == ["bash", "bash scripts/setup.sh && .venv/bin/nnparity run", "bash scripts/test-all.sh"]
    assert Path(REPO_ROOT / "scripts" / "setup.sh").is_file() and Path(REPO_ROOT / ".ci" / "run").is_file()
