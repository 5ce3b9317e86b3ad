"""Checks of the quiz parts answered in words: 1d (which window) and 5c (the fix)."""

from __future__ import annotations

import re

import numpy as np

from .answers import Reject, read_array, read_scalar

_SIZE = re.compile(r"\(?\s*(\d+)\s*(?:x|\*|by|,)\s*(\d+)\s*\)?")
#: Where the claim of a sentence ends and its reasons begin: "3x3, because it never ...".
_REASON = re.compile(
    r"[.;:!?]|\b(?:because|since|which|as\s+(?:it|they|the))\b|\(\s*[a-z]|,\s*(?:it|as|so)\b"
)
_MORE = re.compile(r"\b(?:more|most|worse|worst)\b|>")
_LESS = re.compile(r"\b(?:less|least|fewer|fewest|better|best)\b|<")
_NOT = re.compile(r"\b(?:not|never|no|nothing|none|nor)\b|n't\b")
_KEEPS = re.compile(r"\b(?:keeps?|keeping|retains?|preserves?|sees?|saves?)\b")
_SAME = re.compile(r"\b(?:both|same|equal|equally|neither|either|tie)\b")
_3, _2 = (3, 3), (2, 2)


def _says_loses_more(claim: str, sizes: list) -> tuple | None:
    """The window a sentence says loses more, or None when it does not say.

    The first size named is the subject: "3x3 loses more than 2x2" names 3x3,
    "2x2 keeps more than 3x3" names 3x3 too, "3x3 loses less" names 2x2.
    """
    more, less = bool(_MORE.search(claim)), bool(_LESS.search(claim))
    if more == less:
        if len(set(sizes)) == 1 and not _NOT.search(claim):
            return sizes[0]  # "the 3x3 one": naming a window answers the question
        return None
    polarity = 1 if more else -1
    polarity *= -1 if _NOT.search(claim) else 1
    polarity *= -1 if _KEEPS.search(claim) else 1
    subject = sizes[0]
    other = next((size for size in sizes if size != subject), _2 if subject == _3 else _3)
    return subject if polarity > 0 else other


def check_1d(answer):
    if isinstance(answer, str):
        text = answer.lower().replace("×", "x").replace("✕", "x").replace("-", " ").strip()
        if not text:
            raise Reject("that is empty; name a window size written like '5x5'.")
        bare = re.fullmatch(r"\(?\s*(\d+)\s*\)?", text)
        if bare:  # "3", like the int 3: a square window's side
            answer = int(bare.group(1))
        else:
            claim = _REASON.split(text)[0]
            sizes = [(int(a), int(b)) for a, b in _SIZE.findall(claim)]
            if not sizes:
                sizes = [(int(a), int(b)) for a, b in _SIZE.findall(text)]
                claim = text
            if not sizes:
                if _SAME.search(text):
                    raise Reject(
                        "they do not lose the same: count the cells each never looks at and "
                        "the values each keeps."
                    )
                raise Reject("name a window size, written like '5x5'.")
            if any(size not in (_2, _3) for size in sizes):
                raise Reject(_OTHER_SIZE)
            if _SAME.search(claim):
                raise Reject(
                    "they do not lose the same: count the cells each never looks at and "
                    "the values each keeps."
                )
            named = _says_loses_more(claim, sizes)
            if named == _3:
                return True, _OK_1D
            if named == _2:
                raise Reject(
                    _TWO_BY_TWO
                    if sizes[0] == _2
                    else "that sentence says the window you "
                    "named does not lose more. Name the window that loses more."
                )
            raise Reject(
                "that names more than one window size, or does not say which loses more: "
                "name just the one that loses more, or say it, like '5x5 loses more'."
            )
    if isinstance(answer, (bool, np.bool_)) or answer is None:
        raise Reject("name a window size, written like '5x5'.")
    arr = read_array(answer)
    if arr.size == 1:
        side = read_scalar(arr)
        pair = (side, side)
    elif arr.shape == (2,):
        pair = (float(arr[0]), float(arr[1]))
    else:
        raise Reject("name a window size, written like '5x5' (or a kernel_size pair).")
    if pair == (3, 3):
        return True, _OK_1D
    if pair == (2, 2):
        raise Reject(_TWO_BY_TWO)
    raise Reject(_OTHER_SIZE)


_OK_1D = (
    "yes: 3x3 / stride 3 keeps 1 value and never looks at 7 of the 16 cells (the 18 among "
    "them); 2x2 / stride 2 looks at all 16 and keeps 4."
)
_OTHER_SIZE = (
    "the exercise compares 2x2 / stride 2 with the larger window of part 1; name one of them."
)
_TWO_BY_TWO = (
    "2x2 with stride 2 looks at every cell once and keeps 4 values. How many cells does the "
    "larger window never look at, and how many values does it keep?"
)


_GOOD = {
    "skip": re.compile(
        r"\bskip[\s-]*(?:connections?|connected|links?|paths?|layers?|architecture)\b"
        r"|\bskips\b|\bwith\s+(?:long\s+)?skip\b|\bshortcuts?\s+from\s+the\s+encoder\b"
    ),
    "unet": re.compile(r"\bu[\s-]?net\b|\bunet\+*\b"),
    "dilated": re.compile(r"\b(?:dilated|atrous|dilation)\b|\bdeeplab"),
    "unpool": re.compile(
        r"\b(?:max[\s-]*)?un[\s-]?pool(?:ing)?\b[^.;]{0,60}\b(?:ind(?:ex|ices)|switch(?:es)?|"
        r"locations?|positions?|argmax)\b|\bsegnet\b"
        r"|\b(?:ind(?:ex|ices)|argmax|switch(?:es)?)\b[^.;]{0,60}\bun[\s-]?pool"
    ),
    "encoder features": re.compile(
        r"\b(?:encoder|earlier|early|high[\s-]?res(?:olution)?|full[\s-]?res(?:olution)?|fine)"
        r"\b[^.;]{0,40}\b(?:features?|maps?|activations?|layers?)\b[^.;]{0,40}\b"
        r"(?:to|into|with)\b[^.;]{0,30}\b(?:decoder|upsampling|up-sampling)\b"
    ),
}
_BAD = {
    "more pooling": re.compile(
        r"\b(?:more|extra|additional|deeper|bigger|larger|stronger)\s+(?:max\s+|average\s+)?"
        r"pool"
    ),
    "stride": re.compile(r"\b(?:bigger|larger|more|increase[sd]?|longer)\s+strides?\b"),
    "dropout": re.compile(r"\bdropout\b"),
    "batch norm": re.compile(r"\bbatch[\s-]?norm"),
    "augmentation": re.compile(r"\baugment"),
    "global pooling": re.compile(r"\bglobal\s+(?:average\s+|max\s+)?pool|\bgap\b"),
}
_NEGATION = re.compile(
    r"(?:\b(?:no|not|without|never|remov(?:e|es|ed|ing)|drop(?:s|ped|ping)?|"
    r"avoid(?:s|ed|ing)?|nor|instead\s+of|rather\s+than|less|fewer|except|"
    r"exclud(?:e|es|ing)|minus|disable[sd]?|get\s+rid\s+of|unnecessary|needless|useless)\b"
    r"|n't\b)"
    r"(?:\W+\w+){0,3}?\W*$"
)
#: A negation right after a named fix: "U-Net won't help", "skip connections are not needed".
#: "does not lose detail" and the like praise the fix instead, so they do not count.
_NEGATION_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,3}?"
    r"(?:won'?t|will\s+not|would\s+not|wouldn't|not\s+(?:needed|necessary|required|help\w*)"
    r"|(?:does|do|did)\s+not|(?:doesn|don|didn)'?t|isn'?t|is\s+not|aren'?t|are\s+not"
    r"|no\s+need|unnecessary|needless|useless|cannot|can'?t|can\s+not|never)\b"
    r"(?!\s+(?:lose|loses|throw|throws|discard|discards|shrink|shrinks|pool|pools|blur|blurs"
    r"|downsample|downsamples|only|just)\b)"
)
_CLAUSE_END = re.compile(
    r"[.,;:!?()]|\b(?:but|and|or|so|instead|rather|than|while|because|whereas)\b"
)


def _affirmed(pattern: re.Pattern, text: str) -> bool:
    """Whether ``pattern`` occurs in ``text`` at least once, negated neither just before
    ("no skip connections") nor just after ("U-Net won't help")."""
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        before = re.split(r"[.,;:!?]|\bbut\b", before)[-1]
        after = _CLAUSE_END.split(text[match.end() : match.end() + 60])[0]
        if not _NEGATION.search(before) and not _NEGATION_AFTER.search(after):
            return True
    return False


def check_5c(answer):
    if isinstance(answer, (list, tuple)) and answer and all(isinstance(a, str) for a in answer):
        answer = "; ".join(answer)
    if not isinstance(answer, str):
        raise Reject("answer in words (a str), e.g. answer_5c = 'use ...'.")
    text = " ".join(answer.lower().replace("_", " ").replace("\u2019", "'").split())
    if len(text) < 3:
        raise Reject("write a few words naming an architectural change.")
    good = [name for name, pattern in _GOOD.items() if _affirmed(pattern, text)]
    bad = [name for name, pattern in _BAD.items() if _affirmed(pattern, text)]
    if good and bad:
        raise Reject(
            f"part of that would help, but {bad[0]} makes the masks coarser or does not "
            "touch resolution; leave it out."
        )
    if good:
        return True, (
            "yes: skip connections (U-Net) hand full-resolution encoder features to the "
            "decoder; dilated (atrous) convolutions (DeepLab) and max-unpooling with stored "
            "indices (SegNet) are the other ways to keep or restore detail."
        )
    if bad:
        why = {
            "more pooling": "more pooling shrinks the map further: the blocks get bigger.",
            "stride": "a bigger stride throws away even more positions.",
            "dropout": "dropout regularises; it does not bring back lost resolution.",
            "batch norm": "normalisation does not bring back lost resolution.",
            "augmentation": "more data does not bring back resolution the network throws away.",
            "global pooling": "global pooling throws away all positions: no mask at all.",
        }[bad[0]]
        raise Reject(why + " What could restore the fine detail?")
    if any(pattern.search(text) for pattern in _GOOD.values()):
        raise Reject(
            "that names a fix only to rule it out. Which change would you make, and why "
            "would it bring the detail back?"
        )
    if re.search(r"\b(?:fewer|less|remov\w*|no|without|drop\w*)\b[^.;]{0,20}\bpool", text):
        raise Reject(
            "pooling less keeps resolution but shrinks what each cell can see. Which design "
            "keeps both the wide view and the fine detail?"
        )
    if re.search(r"\bun[\s-]?pool", text):
        raise Reject(
            "unpooling has to know where each maximum came from. What must the encoder keep "
            "for it, and hand over?"
        )
    if re.search(r"\bencoder[\s-]*decoder\b", text):
        raise Reject(
            "an encoder-decoder alone still rebuilds the mask from the coarse bottleneck. "
            "What must the decoder be given?"
        )
    if re.search(r"\b(?:upsampl\w*|up-sampl\w*|interpolat\w*|bilinear|transposed|deconv\w*)", text):
        raise Reject(
            "upsampling alone, learned or not, starts from the coarse map and cannot invent "
            "the detail it lost. What could hand it that detail?"
        )
    raise Reject(
        "that does not name a change that keeps or restores fine spatial detail. "
        "Think of what the decoder is missing."
    )
