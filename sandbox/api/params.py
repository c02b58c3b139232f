"""Request parameters as Twilio sends them: form-encoded, PascalCase, dotted names."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl

from sandbox.engine.paging import PageRequest
from sandbox.errors import InvalidParameter, PageSizeTooLarge

MAX_BODY_BYTES = 1024 * 1024
DEFAULT_PAGE_SIZE = 50
DATE_FILTERS = (("=", ""), ("<", "<"), (">", ">"))
TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no")


def parameter_name(field: str) -> str:
    """A field's parameter name, as Twilio spells it: sms_url → SmsUrl, usecase → Usecase."""
    return "".join(word.capitalize() for word in field.split("_"))


class Params:
    """The parameters of one request. Each handler takes what it knows; the rest is refused."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._values: dict[str, list[str]] = {}
        for key, value in pairs:
            self._values.setdefault(key, []).append(value)
        self._taken: set[str] = set()

    @classmethod
    def parse(cls, raw: bytes | str) -> Params:
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise InvalidParameter(
                    "The request body is not UTF-8: send form fields encoded as UTF-8"
                ) from error
        try:
            pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=False, errors="strict")
        except (UnicodeDecodeError, ValueError) as error:
            raise InvalidParameter(
                "The request parameters are not valid URL-encoded UTF-8"
            ) from error
        return cls(pairs)

    def merged(self, other: Params) -> Params:
        combined = Params([])
        for source in (self, other):
            for key, values in source._values.items():
                combined._values.setdefault(key, []).extend(values)
        return combined

    def get(self, name: str) -> str | None:
        self._taken.add(name)
        values = self._values.get(name)
        return values[-1] if values else None

    def accept_unused(self, *names: str) -> None:
        """Parameters Twilio accepts that change nothing the sandbox keeps (e.g. a Studio flow's
        SID): taken without being read, so they are not refused as unknown."""
        self._taken.update(names)

    def get_list(self, name: str) -> list[str]:
        self._taken.add(name)
        return list(self._values.get(name, []))

    def get_int(
        self, name: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        text = self.get(name)
        if text is None or text == "":
            return None
        try:
            value = int(text)
        except ValueError as error:
            raise InvalidParameter(f"{name} must be a whole number; got {text!r}") from error
        if minimum is not None and maximum is not None and not minimum <= value <= maximum:
            raise InvalidParameter(f"{name} must be between {minimum} and {maximum}; got {value}")
        if minimum is not None and value < minimum:
            raise InvalidParameter(f"{name} must be at least {minimum}; got {value}")
        if maximum is not None and value > maximum:
            raise InvalidParameter(f"{name} must be at most {maximum}; got {value}")
        return value

    def get_bool(self, name: str) -> bool | None:
        text = self.get(name)
        if text is None:
            return None
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise InvalidParameter(f"{name} must be true or false; got {text!r}")

    def get_date_filter(self, name: str) -> dict[str, str]:
        """A 2010 list's date filter: `Name`, `Name<`, `Name>` as `=`, `<`, `>` (those given)."""
        given = {operator: self.get(name + suffix) for operator, suffix in DATE_FILTERS}
        return {operator: value for operator, value in given.items() if value}

    def page_request(self, max_size: int) -> PageRequest:
        """Twilio's default page is 50 items (or the list's maximum, when that is smaller); a
        PageSize over the maximum is 20007 (https://www.twilio.com/docs/api/errors/20007)."""
        size = self.get_int("PageSize", minimum=1) or min(DEFAULT_PAGE_SIZE, max_size)
        if size > max_size:
            raise PageSizeTooLarge(
                f"PageSize {size} is too large: this list gives at most {max_size} items a page"
            )
        page = self.get_int("Page", minimum=0) or 0
        return PageRequest(size=size, page=page, token=self.get("PageToken") or None)

    def check_all_taken(self, unemulated: Mapping[str, str] | None = None) -> None:
        """Refuse what the handler did not read, so nothing is silently ignored. A name Twilio
        documents for this operation (`unemulated`: name → what it would change) is said to be
        not emulated; any other name is probably misspelled."""
        unknown = sorted(set(self._values) - self._taken)
        if not unknown:
            return
        name, documented = unknown[0], unemulated or {}
        if name in documented:
            raise InvalidParameter(
                f"Parameter {name!r} is Twilio's, but the sandbox does not emulate it here yet "
                f"({documented[name]})"
            )
        raise InvalidParameter(
            f"Unknown parameter {name!r}: the sandbox does not support it here. "
            "Check the spelling (Twilio's names are PascalCase, e.g. FriendlyName)"
        )
