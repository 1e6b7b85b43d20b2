import subprocess
import sys
from pathlib import Path

from safety_month import cli


def test_help_lists_every_registered_command(capsys):
    assert cli.main([]) == 2
    out = capsys.readouterr().out
    assert "safety-month" in out
    for name in cli.COMMANDS:
        assert name in out


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "safety-month"
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "安全生产月" in result.stdout
