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


def test_help_is_chinese_and_names_each_command_once(capsys):
    import pytest

    with pytest.raises(SystemExit) as info:
        cli.main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：safety-month")
    for name in cli.COMMANDS:
        assert len([line for line in out.splitlines() if line.split()[:1] == [name]]) == 1, (name, out)
    for english in ("usage:", "show this help", "positional arguments", "options:", "Subcommands"):
        assert english not in out, english
    for argv in (["review", "--help"], ["import", "--help"]):
        with pytest.raises(SystemExit):
            cli.main(argv)
        sub = capsys.readouterr().out
        assert sub.startswith(f"用法：safety-month {argv[0]} ") and "显示这段说明后退出" in sub, sub


def test_usage_errors_are_chinese(capsys):
    import pytest

    for argv, message in ((["import"], "safety-month import：错误：缺少参数：PATH"),
                          (["nope"], "safety-month：错误：命令：没有“nope”这个选项"),
                          (["check", "--what"], "safety-month：错误：无法识别的参数：--what")):
        with pytest.raises(SystemExit) as info:
            cli.main(argv)
        assert info.value.code == 2
        assert message in capsys.readouterr().err, argv
