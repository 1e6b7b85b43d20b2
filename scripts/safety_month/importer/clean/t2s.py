"""OpenCC's traditional -> simplified conversion, one converter for the whole clean stage.

Its own module because both the script rule and the lost-character repair need it, and the
repair is called by the script rule (one converter, no import cycle).
"""

import opencc

_CONVERTER = opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _CONVERTER.convert(text)
