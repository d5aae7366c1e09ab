"""storyline eval: known ROUGE values on a tiny fixture, comparison, and its error paths."""

from __future__ import annotations

import json

import pytest

from storyline.evaluate import bootstrap, cut_lines, score

ARTICLE = (
    "Officials in Sochi confirmed on Tuesday that the foreign ministers met for four hours. "
    "The ministers discussed the ceasefire in eastern Ukraine and the Iran nuclear talks. "
    "A joint statement promised further meetings of experts before the end of the summer."
)


def test_score_known_values():
    assert score("the cat sat on the mat", ["the cat sat on the mat"])["rouge1"] == 100.0
    assert score("dogs bark loudly", ["the cat sat on the mat"])["rouge2"] == 0.0
    half = score("the cat", ["the cat sat on"], recall=True)
    assert half["rouge1"] == pytest.approx(50.0) and half["rouge2"] == pytest.approx(100 / 3)
    # two references are averaged
    both = score("the cat", ["the cat", "a dog"])
    assert both["rouge1"] == pytest.approx(50.0)


def test_cut_is_the_same_for_every_system():
    assert cut_lines(["one two three.", "four five."], 4) == "one two three.\nfour"


def test_bootstrap_interval_contains_the_mean_and_repeats():
    interval = bootstrap([10.0, 20.0, 30.0, 40.0])
    assert interval.low <= interval.mean == 25.0 <= interval.high
    assert bootstrap([10.0, 20.0, 30.0, 40.0]) == interval


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_eval_cli_on_a_fixture_with_known_rouge(cli, tmp_path):
    clusters = _write(
        tmp_path / "tiny.jsonl",
        [
            {"id": "same", "documents": [{"id": "a", "text": ARTICLE}], "references": [ARTICLE]},
            {
                "id": "other",
                "documents": [{"id": "a", "text": ARTICLE}],
                "references": ["Zebras graze quietly"],
            },
        ],
    )
    out = tmp_path / "out.jsonl"
    result = cli("eval", clusters, "--words", "250", "--output", str(out))
    assert result.returncode == 0, result.stderr.decode()
    report = result.stdout.decode()
    assert "2 clusters" in report
    assert "rouge1     50.00" in report  # 100 for the first cluster, 0 for the second
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["same", "other"]
    assert records[0]["scores"]["rouge1"] == 100.0 and records[0]["text"] == ARTICLE

    compare = cli("eval", "--compare", str(out), str(out))
    assert compare.returncode == 0 and "rouge2     0.00 [0.00, 0.00]" in compare.stdout.decode()


def test_eval_multinews_release_with_references_file(cli, tmp_path):
    src = tmp_path / "test.src"
    src.write_text(ARTICLE.replace(". ", ". NEWLINE_CHAR ") + " ||||| " + ARTICLE + "\n")
    tgt = tmp_path / "test.tgt"
    tgt.write_text("– " + ARTICLE + "\n")
    result = cli("eval", str(src), "--references", str(tgt), "--recall")
    assert result.returncode == 0, result.stderr.decode()
    assert "rouge1     100.00" in result.stdout.decode()


def test_eval_errors(cli, tmp_path):
    missing = _write(tmp_path / "noref.jsonl", [{"id": "x", "documents": [{"text": ARTICLE}]}])
    result = cli("eval", missing)
    assert result.returncode == 1 and b"has no reference summaries" in result.stderr
    assert b"Traceback" not in result.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    result = cli("eval", str(empty))
    assert result.returncode == 1 and b"empty input" in result.stderr
    assert b"Traceback" not in result.stderr
    result = cli("eval", "--compare", str(empty), str(empty))
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert cli("eval").returncode == 2
    unwritable = cli("eval", missing, "--output", str(tmp_path / "no" / "such" / "dir.jsonl"))
    assert unwritable.returncode == 1 and b"cannot write" in unwritable.stderr
    assert b"Traceback" not in unwritable.stderr


def test_other_languages_are_scored_with_unicode_tokens(cli, tmp_path):
    greek = "Ο πρωθυπουργός ανακοίνωσε νέα μέτρα για την οικονομία."
    assert score(greek, [greek], language="el")["rouge1"] == 100.0
    assert score(greek, [greek])["rouge1"] == 0.0  # rouge-score's tokens: Greek vanishes
    text = (
        "Ο πρωθυπουργός της Ελλάδας ανακοίνωσε σήμερα νέα μέτρα για την οικονομία. Τα μέτρα "
        "περιλαμβάνουν μείωση των φόρων για τις μικρές επιχειρήσεις της χώρας."
    )
    cluster = {
        "id": "gr",
        "language": "el",
        "documents": [{"text": text}, {"text": text.replace("σήμερα", "χθες")}],
        "references": [greek],
    }
    path = tmp_path / "gr.jsonl"
    path.write_text(json.dumps(cluster, ensure_ascii=False) + "\n", encoding="utf-8")
    said = cli("eval", str(path), "--words", "40").stdout.decode()
    assert "tokenized: Unicode-aware (lower case, white space; el)" in said
    assert "rouge1     0.00" not in said


def test_the_yardstick_does_not_read_hebrews_clitics():
    """storyline reads "וממשלה" as "ממשלה" to relate sentences; ROUGE, its measure, keeps
    to Snowball's stemmers, which have none for Hebrew: the two words stay two."""
    assert score("וממשלה", ["ממשלה"], recall=False, language="he")["rouge1"] == 0.0
    assert score("ממשלה", ["ממשלה"], recall=False, language="he")["rouge1"] == 100.0
