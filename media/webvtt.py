"""A strict-enough WebVTT check for uploaded captions.

Browsers silently ignore a caption file they cannot parse, so a curator would never
know; we refuse it on upload and say which line is wrong. This checks what players rely
on: the WEBVTT signature, UTF-8, and every cue timing line (start before end).
"""

import re

TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
TIMING = re.compile(rf"^{TIMESTAMP}\s+-->\s+{TIMESTAMP}(?:\s+.*)?$")


class WebVTTError(ValueError):
    def __init__(self, line, message):
        super().__init__(f"line {line}: {message}")
        self.line = line


def _seconds(hours, minutes, seconds, millis):
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse_webvtt(data):
    """The cues of a WebVTT file as (start, end, text) in seconds; raises WebVTTError."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise WebVTTError(1, "the file is not UTF-8 text") from error
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise WebVTTError(1, "a WebVTT file starts with the word WEBVTT")
    cues = []
    for first_line, block in _blocks(lines):
        if block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        # A cue may have an identifier line before its timing line.
        timing_index = 0 if "-->" in block[0] else 1
        if timing_index >= len(block) or "-->" not in block[timing_index]:
            raise WebVTTError(
                first_line, f"'{block[0][:60]}' starts a block with no cue timing (00:01.000 --> 00:04.000)"
            )
        match = TIMING.match(block[timing_index].strip())
        if not match:
            raise WebVTTError(first_line + timing_index, f"'{block[timing_index].strip()[:60]}' is not a cue timing")
        start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
        if end <= start:
            raise WebVTTError(first_line + timing_index, "the cue ends before it starts")
        cues.append((start, end, "\n".join(block[timing_index + 1 :])))
    if not cues:
        raise WebVTTError(len(lines), "the file has no cues")
    return cues


def _blocks(lines):
    """(1-based number of its first line, lines) for each block after the header."""
    block, first_line, in_header = [], 0, True
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if block and not in_header:
                yield first_line, block
            block, in_header = [], False
            continue
        if in_header:
            continue
        if not block:
            first_line = number
        block.append(line)
    if block and not in_header:
        yield first_line, block
