#!/usr/bin/env python
"""How well each similarity backend tells a restated fact from a different statement.

A small hand-labelled set of sentence pairs about the conflict, written for this bench: each pair is
what the compare view would put side by side (both sentences in one block: same entity, year or
event), worded as each side would word it. `True` means both sentences state the same thing.
Prints precision, recall and F1 at each backend's own threshold (the one the dossier uses; the best
threshold on this set is shown as a hint only), and pairs scored per second, for the lexical backend
and, when the `embeddings` extra is installed, the sentence-embedding backend.

    .venv/bin/python bench/claim_matching.py [--lexical-threshold T] [--embedding-threshold T]
"""

from __future__ import annotations

import argparse
import time

from parallax.errors import PipelineError
from parallax.similarity import similarity
from parallax.views.findings import _numbers_differ

PAIRS = [
    # -- the same statement in other words --------------------------------------------------
    ("The OSCE Minsk Group was created in 1992 to mediate the conflict.",
     "Established in 1992, the Minsk Group of the OSCE was tasked with mediation.", True),
    ("The Minsk Group is co-chaired by France, Russia and the United States.",
     "France, the United States and Russia co-chair the Minsk Group.", True),
    ("Section 907 of the Freedom Support Act was adopted by Congress in 1992.",
     "Congress passed Section 907 of the Freedom Support Act in 1992.", True),
    ("Section 907 restricts direct US government aid to the government of Azerbaijan.",
     "Under Section 907, direct American assistance to Azerbaijan's government is restricted.", True),
    ("The trilateral statement of 10 November 2020 ended the 44-day war.",
     "The 44-day war ended with the trilateral statement signed on 10 November 2020.", True),
    ("Russian peacekeepers were deployed along the Lachin corridor in November 2020.",
     "In November 2020 Russia deployed peacekeeping troops to the Lachin corridor.", True),
    ("The Lachin corridor is the only road linking Armenia and Karabakh.",
     "The only road connecting Karabakh with Armenia runs through the Lachin corridor.", True),
    ("A checkpoint was installed at the Hakari bridge in April 2023.",
     "In April 2023 a checkpoint was set up on the Hakari bridge.", True),
    ("The Bishkek Protocol established a ceasefire in May 1994.",
     "A ceasefire was established by the Bishkek Protocol of May 1994.", True),
    ("The UN Security Council adopted four resolutions on the conflict in 1993.",
     "In 1993 the Security Council of the UN adopted four resolutions about the conflict.", True),
    ("The Madrid Principles were presented by the co-chairs in 2007.",
     "In 2007 the co-chairs presented the Madrid Principles.", True),
    ("The war began on 27 September 2020.",
     "Fighting started on 27 September 2020.", True),
    ("Stepanakert was shelled during the 2020 war.",
     "During the war of 2020 Stepanakert came under shelling.", True),
    ("Shusha was taken by Azerbaijani forces on 8 November 2020.",
     "On 8 November 2020 Azerbaijani forces captured Shusha.", True),
    ("The OSCE Minsk Group was formally dissolved in 2025.",
     "In 2025 the Minsk Group of the OSCE was formally dissolved.", True),
    ("Armenia and Azerbaijan initialled a peace agreement in Washington in August 2025.",
     "In August 2025 Azerbaijan and Armenia initialled a peace agreement in Washington.", True),
    ("The Soviet authorities placed Nagorno-Karabakh inside Azerbaijan in 1921.",
     "In 1921 Nagorno-Karabakh was assigned to Azerbaijan by the Soviet authorities.", True),
    ("More than 100,000 Armenians left Karabakh in September 2023.",
     "In September 2023, over 100,000 Armenians fled Karabakh.", True),
    ("The ceasefire agreement was brokered by Russia.",
     "Russia brokered the ceasefire agreement.", True),
    ("The Minsk Group co-chairs visited Baku and Yerevan in 2019.",
     "In 2019 the co-chairs of the Minsk Group travelled to Yerevan and Baku.", True),
    # -- same block, different statement -------------------------------------------------------
    ("The Minsk Group was created in 1992 to mediate the conflict.",
     "The Minsk Group failed for decades and should be closed.", False),
    ("Section 907 was adopted in 1992.",
     "Section 907 has been waived by every president since 2002.", False),
    ("Section 907 punishes a victim of aggression and must be repealed.",
     "Congress must enforce Section 907 against the Aliyev regime.", False),
    ("The Lachin corridor was blockaded for ten months.",
     "The Lachin corridor is controlled by a legal border checkpoint.", False),
    ("The Khojaly massacre killed 613 civilians.",
     "The Khojaly events killed 161 people, according to local officials.", False),
    ("The trilateral statement ended the war in November 2020.",
     "The trilateral statement was violated repeatedly after November 2020.", False),
    ("Russian peacekeepers were deployed to Karabakh in 2020.",
     "Russian peacekeepers withdrew from Karabakh in 2024.", False),
    ("Azerbaijan restored its territorial integrity in 2023.",
     "Azerbaijan ethnically cleansed the Armenians of Artsakh in 2023.", False),
    ("Stepanakert was shelled during the 2020 war.",
     "Stepanakert was renamed Khankendi after 2023.", False),
    ("The Minsk Group co-chairs visited Baku in 2019.",
     "The Minsk Group co-chairs were criticised in Baku in 2019.", False),
    ("The Bishkek Protocol established a ceasefire in 1994.",
     "The Bishkek Protocol was never turned into a peace treaty after 1994.", False),
    ("The UN Security Council adopted four resolutions in 1993.",
     "The UN Security Council resolutions of 1993 were never implemented by Armenia.", False),
    ("Shusha was taken by Azerbaijani forces in November 2020.",
     "Shusha was declared the cultural capital of Azerbaijan in 2021.", False),
    ("The war began on 27 September 2020.",
     "The war of 2020 displaced tens of thousands of civilians.", False),
    ("Armenia and Azerbaijan initialled a peace agreement in Washington in 2025.",
     "The peace agreement initialled in 2025 ignores the rights of Karabakh Armenians.", False),
    ("The Lachin corridor links Armenia and Karabakh.",
     "Armenia used the Lachin corridor to smuggle weapons and mines.", False),
    ("More than 100,000 Armenians left Karabakh in 2023.",
     "Azerbaijan invited the Armenians of Karabakh to stay in 2023.", False),
    ("Section 907 restricts US aid to the government of Azerbaijan.",
     "Section 907 restricts US aid, but military aid to Azerbaijan continued.", False),
    ("The Madrid Principles were presented in 2007.",
     "The Madrid Principles were rejected by both capitals in 2011.", False),
    ("The Soviet authorities placed Nagorno-Karabakh inside Azerbaijan in 1921.",
     "The Soviet authorities were petitioned by Karabakh Armenians to join Armenia in 1988.", False),
]


def scores_of(backend, pairs: list[tuple]) -> tuple[list[float], float, float]:
    """Each pair's score as the dossier sees it (differing numbers never match); pairs/s scored one
    pair per call, and pairs/s scored as one matrix of every left sentence by every right one
    (how a block is scored)."""
    start = time.perf_counter()
    scores = [0.0 if _numbers_differ(a, b) else backend.matrix([a], [b])[0][0] for a, b, _ in pairs]
    single = len(pairs) / (time.perf_counter() - start)
    start = time.perf_counter()
    backend.matrix([a for a, _, _ in pairs], [b for _, b, _ in pairs])
    batched = len(pairs) ** 2 / (time.perf_counter() - start)
    return scores, single, batched


def prf(scores: list[float], labels: list[bool], threshold: float) -> tuple[float, float, float]:
    tp = sum(s >= threshold and y for s, y in zip(scores, labels))
    fp = sum(s >= threshold and not y for s, y in zip(scores, labels))
    fn = sum(s < threshold and y for s, y in zip(scores, labels))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(backend, threshold: float | None) -> None:
    labels = [y for _, _, y in PAIRS]
    threshold = backend.threshold if threshold is None else threshold
    backend.matrix(["warm up"], ["warm up"])
    scores, single, batched = scores_of(backend, PAIRS)
    p, r, f = prf(scores, labels, threshold)
    best = max((prf(scores, labels, t / 100)[2], t / 100) for t in range(5, 100, 5))
    print(f"{backend.name:<10} threshold {threshold:.2f}  precision {p:.2f}  recall {r:.2f}  F1 {f:.2f}"
          f"  | {single:,.0f} pairs/s one by one, {batched:,.0f} pairs/s as a matrix"
          f"  | best F1 on this set {best[0]:.2f} at {best[1]:.2f} (a hint, not a fit)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lexical-threshold", type=float, help="default: the backend's own")
    parser.add_argument("--embedding-threshold", type=float, help="default: the backend's own")
    args = parser.parse_args()
    print(f"{len(PAIRS)} labelled pairs, {sum(y for *_, y in PAIRS)} restatements")
    report(similarity("lexical"), args.lexical_threshold)
    try:
        embedding = similarity("embedding")
    except PipelineError as exc:
        print(f"embedding  skipped: {exc}")
        return
    report(embedding, args.embedding_threshold)


if __name__ == "__main__":
    main()
