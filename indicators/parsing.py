"""Numbers inside printed indicator values.

The tables print values such as ``"95"``, ``"8.3%"``, ``"≥1075"``, ``"1.2: 1"``, ``"32.4万吨"``,
``"4.0*"``, ``"—"`` and ``"高于全市平均水平"``. :func:`parse_printed` reads the number they carry
(a ratio ``a:b`` as ``a / b``) and answers ``None`` when the text is not a number. The unit
(per cent, 万吨) is the indicator's, so the number is kept in that unit.
"""

import re
from decimal import Decimal, InvalidOperation

_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_RATIO = re.compile(rf"^({_NUMBER})\s*[:：]\s*({_NUMBER})$")
_PLAIN = re.compile(rf"^(?:≥|>=|不低于)?\s*({_NUMBER})\s*(?:%|％|万吨|万元|元|座|个|万人|人|户)?$")


def parse_printed(text: str | None) -> Decimal | None:
    """The number printed in ``text``, or ``None`` for a dash, a blank or words."""
    if text is None:
        return None
    cleaned = text.strip().rstrip("*＊#").strip()
    ratio = _RATIO.match(cleaned)
    try:
        if ratio:
            numerator, denominator = Decimal(ratio[1]), Decimal(ratio[2])
            return numerator / denominator if denominator else None
        plain = _PLAIN.match(cleaned)
        return Decimal(plain[1]) if plain else None
    except InvalidOperation:
        return None
