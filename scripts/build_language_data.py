#!/usr/bin/env python3
"""Build factbot's general-English language data from WordNet 3.0.

Reads Debian's `wordnet-base` (apt-get install -y wordnet-base; files under /usr/share/wordnet)
and writes, deterministically:

  language/wordnet.tsv      lemma, pos, class, synonyms, antonyms, broader, tags
  language/inflections.tsv  irregular form, lemma, pos  (from WordNet's *.exc files)

language/opposites.tsv is hand-written and only checked here (format, symmetry, duplicates).

The only other input is PyPI `wordfreq`, used as a build-time filter for which words are common
enough to include (zipf >= MIN_ZIPF). None of wordfreq's numbers are written out.

Run: python3 scripts/build_language_data.py   (from the repository root; about a minute)
See language/README.md for the exact rules (which senses, which antonyms, which hypernyms).
"""

import os
import re
import sys
from collections import defaultdict

try:
    from wordfreq import zipf_frequency
except ImportError:  # pragma: no cover - build-time only
    sys.exit("needs PyPI wordfreq (build-time filter only): pip install wordfreq==3.1.1")

WN = os.environ.get("WORDNET_DIR", "/usr/share/wordnet")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "language")

# A word is "common" when wordfreq's English zipf frequency is at least this (3.0 = once per
# million words). Multiword lemmas ("step up", "military vehicle", "de-escalate") need every part
# common and at most MAX_PARTS parts.
MIN_ZIPF = 3.0
MAX_PARTS = 3
# Senses of a lemma that count as "its meaning": the most frequent one (WordNet's sense 1), plus
# up to MAX_SENSES - 1 more among the next ones whose SemCor tag count is at least SENSE_SHARE of
# sense 1's count and at least MIN_TAGS. Untagged lemmas keep only sense 1.
MAX_SENSES = 3
SENSE_SHARE = 0.5
MIN_TAGS = 2
# A multiword lemma (words separated by spaces) gets a line of its own only when SemCor tags it at least once, or when it is
# a two-word phrasal verb ("step up", "sign off", "scale back"); untagged compounds ("zinc
# deficiency") still appear inside other lines' lists.
PARTICLES = {
    "about", "across", "along", "around", "aside", "away", "back", "down", "forth", "forward",
    "in", "into", "off", "on", "out", "over", "through", "together", "up",
}
# Exception-list pairs left out after review: rare lemmas whose "form" is a common word in other
# languages or an archaism.
ODD_FORMS = {("dui", "duo"), ("ora", "os"), ("gan", "gin")}
# Hypernym levels for `broader` (of the most frequent sense only), and how many words of each
# hypernym synset to take: WordNet lists a synset's most typical word first ("person,
# individual, someone, somebody, mortal, soul" -> "person, individual").
BROADER_LEVELS = 2
BROADER_WORDS = 2

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
SS_TYPE_POS = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}

LEXNAMES = [
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event",
    "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
    "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
    "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time",
    "verb.body", "verb.change", "verb.cognition", "verb.communication", "verb.competition",
    "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather",
    "adj.ppl",
]

WORD_RE = re.compile(r"^[a-z][a-z' -]*[a-z]$")


class Synset:
    __slots__ = ("pos", "offset", "lexname", "satellite", "words", "ptrs")

    def __init__(self, pos, offset, lexname, satellite, words, ptrs):
        self.pos = pos
        self.offset = offset
        self.lexname = lexname
        self.satellite = satellite
        self.words = words  # forms as in the data file, "_" -> " ", adjective markers removed
        self.ptrs = ptrs  # (symbol, target key, source word index or 0, target word index or 0)


def read_data():
    synsets = {}
    for pos, name in POS_FILES.items():
        with open(os.path.join(WN, "data." + name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):
                    continue  # licence header
                fields = line.split(" | ", 1)[0].split()
                offset, lexfile, ss_type = fields[0], int(fields[1]), fields[2]
                w_cnt = int(fields[3], 16)
                i = 4
                words = []
                for _ in range(w_cnt):
                    form = re.sub(r"\([a-z]+\)$", "", fields[i]).replace("_", " ")
                    words.append(form)
                    i += 2
                p_cnt = int(fields[i])
                i += 1
                ptrs = []
                for _ in range(p_cnt):
                    sym, toff, tpos, st = fields[i : i + 4]
                    tpos = "a" if tpos == "s" else tpos
                    ptrs.append((sym, (tpos, toff), int(st[:2], 16), int(st[2:], 16)))
                    i += 4
                synsets[(pos, offset)] = Synset(
                    pos, offset, LEXNAMES[lexfile], ss_type == "s", words, ptrs
                )
    return synsets


def read_index():
    index = {}
    for pos, name in POS_FILES.items():
        with open(os.path.join(WN, "index." + name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split()
                lemma, synset_cnt, p_cnt = fields[0], int(fields[2]), int(fields[3])
                offsets = fields[4 + p_cnt + 2 :]
                assert len(offsets) == synset_cnt, line
                index[(lemma.replace("_", " "), pos)] = offsets
    return index


def read_tag_counts():
    """(lemma, pos, sense number) -> SemCor tag count, from cntlist.rev."""
    counts = {}
    with open(os.path.join(WN, "cntlist.rev"), encoding="utf-8") as f:
        for line in f:
            key, sense_no, cnt = line.split()
            lemma, rest = key.split("%", 1)
            pos = SS_TYPE_POS[rest[0]]
            k = (lemma.replace("_", " "), pos, int(sense_no))
            counts[k] = counts.get(k, 0) + int(cnt)
    return counts


_zipf_cache = {}


def zipf(word):
    z = _zipf_cache.get(word)
    if z is None:
        z = _zipf_cache[word] = zipf_frequency(word, "en")
    return z


def common(lemma):
    """Lowercase, plain letters, every part frequent enough; single letters excluded."""
    if not WORD_RE.match(lemma):
        return False
    parts = re.split(r"[ -]", lemma)
    if len(parts) > MAX_PARTS or any(not p for p in parts):
        return False
    return all(zipf(p) >= MIN_ZIPF for p in parts)


def main():
    synsets = read_data()
    index = read_index()
    tags = read_tag_counts()

    def word_index(ss, lemma):
        """1-based index of `lemma` among the synset's words (case-insensitive), or 0."""
        for i, w in enumerate(ss.words, 1):
            if w.lower() == lemma:
                return i
        return 0

    def is_proper(ss, lemma):
        i = word_index(ss, lemma)
        return i == 0 or ss.words[i - 1] != lemma  # capitalised in WordNet: a name

    def members(ss):
        return [w for w in ss.words if w == w.lower() and common(w)]

    # 1. For every common (lemma, pos): its senses (proper-noun senses dropped), kept senses.
    entries = {}
    for (lemma, pos), offsets in index.items():
        if not common(lemma):
            continue
        senses = []  # (synset, tag count)
        for n, off in enumerate(offsets, 1):
            ss = synsets[(pos, off)]
            if is_proper(ss, lemma):
                continue
            senses.append((ss, tags.get((lemma, pos, n), 0)))
        if not senses:
            continue
        total = sum(c for _, c in senses)
        parts = lemma.split(" ")  # hyphenated words ("de-escalate") count as one word here
        phrasal = pos == "v" and len(parts) == 2 and parts[1] in PARTICLES
        if len(parts) > 1 and total == 0 and not phrasal:
            continue
        top = senses[0][1]
        kept = [senses[0][0]]
        for ss, c in senses[1:MAX_SENSES]:
            if c >= MIN_TAGS and c >= SENSE_SHARE * top:
                kept.append(ss)
        first_senses = {ss.offset for ss, _ in senses[:MAX_SENSES]}
        entries[(lemma, pos)] = {"kept": kept, "tags": total, "first": first_senses}

    def add(lst, words, own):
        for w in words:
            if w != own and w not in lst and w == w.lower() and common(w):
                lst.append(w)

    # (lemma, pos) -> [(antonym, synset the antonym was found in)], for making antonymy symmetric
    found_in = defaultdict(list)

    def add_ant(lst, ss, words, own, pos):
        add(lst, words, own)
        for w in words:
            found_in[(own, pos)].append((w, ss.offset))

    def antonym_synsets(ss, src=None):
        """Targets of antonym pointers from `ss` (from word `src` only, when given)."""
        return [
            (synsets[t], ti)
            for sym, t, si, ti in ss.ptrs
            if sym == "!" and (src is None or si == src)
        ]

    out = {}
    for (lemma, pos), e in sorted(entries.items()):
        kept = e["kept"]
        syn, ant, broad = [], [], []
        for ss in kept:
            add(syn, members(ss), lemma)
        for ss in kept:
            wi = word_index(ss, lemma)
            # (a) sense-level antonyms: WordNet's lexical antonym links from any word of a kept
            # sense, lifted to every common word of the target synset.
            for t, _ in antonym_synsets(ss):
                add_ant(ant, t, members(t), lemma, pos)
            # (b) adjective satellites: antonyms of the head they are similar to (damp -> dry).
            if ss.satellite:
                for sym, t, _, _ in ss.ptrs:
                    if sym == "&":
                        for u, _ in antonym_synsets(synsets[t]):
                            add_ant(ant, u, members(u), lemma, pos)
            # (c) through derivation: escalate -> escalation ! de-escalation -> de-escalate.
            for sym, t, si, ti in ss.ptrs:
                if sym != "+" or si != wi or ti == 0:
                    continue
                d = synsets[t]
                for u, ui in antonym_synsets(d, ti):
                    for sym2, v, si2, vi in u.ptrs:
                        if sym2 == "+" and si2 == ui and v[0] == pos and vi > 0:
                            add_ant(ant, synsets[v], [synsets[v].words[vi - 1]], lemma, pos)
        first = kept[0]
        if pos in "nv":
            level = [first]
            seen = set()
            for _ in range(BROADER_LEVELS):
                nxt = []
                for ss in level:
                    for sym, t, _, _ in ss.ptrs:
                        if sym in ("@", "@i") and t not in seen:
                            seen.add(t)
                            nxt.append(synsets[t])
                for ss in nxt:
                    add(broad, members(ss)[:BROADER_WORDS], lemma)
                level = nxt
        elif pos == "a" and first.satellite:
            for sym, t, _, _ in first.ptrs:
                if sym == "&":
                    add(broad, members(synsets[t])[:BROADER_WORDS], lemma)
        out[(lemma, pos)] = {
            "class": first.lexname.split(".", 1)[1].lower(),
            "syn": syn,
            "ant": ant,
            "broad": broad,
            "tags": e["tags"],
        }

    # Antonymy is symmetric: when A's line lists B, B's line lists A too, provided the synset in
    # which B was found is one of B's first MAX_SENSES senses (so "rise" does not collect "go to
    # bed" through its rare "get up" sense).
    for (lemma, pos), pairs in sorted(found_in.items()):
        for a, offset in pairs:
            other = out.get((a, pos))
            if (
                other is not None
                and offset in entries[(a, pos)]["first"]
                and lemma not in other["ant"]
            ):
                other["ant"].append(lemma)

    os.makedirs(OUT, exist_ok=True)
    lines = 0
    with open(os.path.join(OUT, "wordnet.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# WordNet 3.0 (Debian wordnet-base), common English only; see README.md and "
            "LICENSE-WordNet.\n"
            "# lemma\tpos\tclass\tsynonyms\tantonyms\tbroader\ttags\n"
        )
        for (lemma, pos), e in sorted(out.items()):
            cols = [lemma, pos, e["class"]]
            for key in ("syn", "ant", "broad"):
                cols.append(",".join(e[key]) or "-")
            cols.append(str(e["tags"]))
            f.write("\t".join(cols) + "\n")
            lines += 1
    print(f"wordnet.tsv: {lines} entries")

    # 2. Irregular inflections. WordNet's exception lists also hold odd entries whose form is a
    # word of its own ("cola" -> "colon", "dive" -> "diva", "taxes" -> "taxis"); a pair is kept
    # only when the lemma is used (SemCor tags) at least 3 times as often as the form is used as a
    # lemma of its own in that part of speech, and at least a tenth as often as the form's most
    # used candidate lemma ("taxes" -> "tax", not "taxis"), and more often than the form is used
    # as a lemma in another part of speech ("offer" is not read as the comparative of "off").
    # Three archaic or foreign-looking pairs found on review are left out by hand (ODD_FORMS).
    lemma_tags = defaultdict(int)
    for (lem, pos, _), c in tags.items():
        lemma_tags[(lem, pos)] += c
    candidates = defaultdict(set)
    for pos, name in POS_FILES.items():
        with open(os.path.join(WN, name + ".exc"), encoding="utf-8") as f:
            for line in f:
                form, *lemmas = line.split()
                form = form.replace("_", " ")
                if " " in form or not common(form):
                    continue
                for lem in lemmas:
                    lem = lem.replace("_", " ")
                    if lem != form and (lem, pos) in out:
                        candidates[(form, pos)].add(lem)
    infl = set()
    for (form, pos), lems in candidates.items():
        best = max(lemma_tags[(lem, pos)] for lem in lems)
        for lem in lems:
            t = lemma_tags[(lem, pos)]
            if (form, pos) in index and t < 3 * max(1, lemma_tags[(form, pos)]):
                continue
            if t * 10 < best or (form, lem) in ODD_FORMS:
                continue
            if any(lemma_tags[(form, p)] > t for p in POS_FILES if p != pos):
                continue
            infl.add((form, lem, pos))
    with open(os.path.join(OUT, "inflections.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# Irregular forms from WordNet 3.0's noun/verb/adj/adv.exc, common words only.\n"
            "# form\tlemma\tpos\n"
        )
        for form, lem, pos in sorted(infl):
            f.write(f"{form}\t{lem}\t{pos}\n")
    print(f"inflections.tsv: {len(infl)} forms")

    check_opposites(os.path.join(OUT, "opposites.tsv"), out)


def check_opposites(path, wordnet=None):
    """The hand-written opposites: two columns, lowercase, no pair twice (in either order)."""
    if not os.path.exists(path):
        print("opposites.tsv: missing (hand-written; not generated)")
        return
    seen = {}
    problems = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 2 or not all(WORD_RE.match(c) for c in cols) or cols[0] == cols[1]:
                problems.append(f"{path}:{n}: not 'word<TAB>opposite': {line!r}")
                continue
            key = tuple(sorted(cols))
            if key in seen:
                problems.append(f"{path}:{n}: same pair as line {seen[key]}")
            seen[key] = n
    for p in problems:
        print(p)
    print(f"opposites.tsv: {len(seen)} pairs, {len(problems)} problems")
    if wordnet is not None:
        ant = set()
        lemmas = set()
        for (lemma, _), e in wordnet.items():
            lemmas.add(lemma)
            ant.update((lemma, a) for a in e["ant"])
        both = [k for k in seen if k in ant or k[::-1] in ant]
        if both:
            print(f"  note: {len(both)} pairs are also WordNet antonyms: {both}")
        unknown = sorted({w for k in seen for w in k} - lemmas)
        if unknown:
            print(f"  note: {len(unknown)} words have no wordnet.tsv line: {unknown}")
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
