//! One small case per pattern the quote stage handles, as reviewed snapshots: each line is
//! `kind: content | speaker: mention [canonical name] | cue: cue`.

mod common;

fn check(name: &str, text: &str) {
    insta::assert_json_snapshot!(name, common::lines(text));
}

#[test]
fn direct_with_cue_after() {
    check("cue_after", "“We will win this seat,” Smith said.");
}

#[test]
fn direct_with_inverted_cue_and_apposition() {
    check(
        "inverted",
        "“We will win this seat,” said Jane Smith, a spokeswoman for the campaign.",
    );
}

#[test]
fn direct_after_colon_and_plain_cue() {
    check(
        "cue_before",
        "Smith said: “We will win this seat.”\n\nJones told reporters “the seat is ours.”",
    );
}

#[test]
fn direct_credited_after_a_dash() {
    check(
        "dash",
        "“We will not back down from this fight.” — Jane Smith, in a statement.",
    );
}

#[test]
fn apposition_and_relative_clause_subjects() {
    check(
        "apposition",
        "Jane Smith, a spokeswoman for the Ministry of Finance, said the budget would pass.\n\nRobert Brown, who leads the opposition, said the budget would fail.",
    );
}

#[test]
fn cue_in_the_next_sentence() {
    check(
        "cue_next_sentence",
        "“We have done nothing wrong.” That is what Smith told reporters on Monday.",
    );
}

#[test]
fn continuation_paragraph_keeps_the_speaker() {
    check(
        "continuation",
        "“We will win this seat,” Smith said on Monday.\n\n“And we will win it again in November.”",
    );
}

#[test]
fn quotation_closed_in_the_next_paragraph() {
    // Text set one sentence per line: the next paragraph closes the quotation without
    // opening it again.
    check(
        "closed_next_paragraph",
        "After the match, the coach said, “We learned a lot today.\nIt was an emotional day.” \
         The team flies home on Friday.",
    );
}

#[test]
fn quotation_over_two_paragraphs() {
    check(
        "multi_paragraph",
        "Smith said: “We will win this seat.\n\n“And we will win it again in November.”",
    );
}

#[test]
fn quotation_interrupted_by_its_attribution_is_one_quote() {
    check(
        "split",
        "“We will win,” she said, “and we will win big.”\n\n“It is over,” Brown said. “We lost.”",
    );
}

#[test]
fn pronouns_use_gender_evidence() {
    check(
        "pronouns",
        "Mary Jones and Mr. Robert Smith debated on Monday in Denver.\n\n“The plan is dead,” he said.\n\n“It will pass,” she said.",
    );
}

#[test]
fn descriptions_resolve_to_the_entity_with_that_role() {
    check(
        "description",
        "Prime Minister Jacinda Ardern spoke in Auckland on Monday.\n\n“We have made real progress,” the premier said.",
    );
}

#[test]
fn canonical_names_from_earlier_full_names() {
    check(
        "canonical",
        "Hillary Clinton spoke first at the rally.\n\nLater, Clinton said the plan would pass.",
    );
}

#[test]
fn scare_quotes_titles_and_nicknames_are_no_quotes() {
    check(
        "scare_quotes",
        "The senator dismissed the plan as a “disaster” on “Meet the Press” and again mocked “Little Marco.”\n\nShe watched “The Godfather” on Sunday.",
    );
}

#[test]
fn unbalanced_marks_degrade_locally() {
    check(
        "unbalanced",
        "“We will win, Smith said on Monday.\n\nJones said the plan was “dead.\n\n“It is over,” Brown said. Then he left.",
    );
}

#[test]
fn mixed_quotes_cover_the_reported_clause() {
    check(
        "mixed",
        "Smith said the plan was “dead on arrival” in the Senate.\n\nThe city “has turned a real corner on crime,” Brown said in June.",
    );
}

#[test]
fn indirect_speech_forms() {
    check(
        "indirect",
        "Smith said the plan would pass.\n\nThe plan will pass next week, Jones said.\n\nAccording to Brown, the plan will fail.\n\nDavis told reporters the vote would be close.\n\nEvans criticized the plan, saying it would raise taxes.\n\nGreen accused Hall of lying about the budget.\n\nKing warned that the deficit would grow.",
    );
}

#[test]
fn nominal_cues() {
    check(
        "nominal",
        "Smith repeated his claim that the election was rigged.\n\nJones rejected Smith’s assertion that the count was wrong.",
    );
}

#[test]
fn every_quotation_mark_style() {
    check(
        "styles",
        "\"We will win,\" Smith said.\n\n«We will win», Jones said.\n\n''We will win,'' Brown said.\n\n“He told me ‘never again,’ and I believed him,” Davis said.\n\n‘We will win,’ Evans said.",
    );
}

#[test]
fn reports_joined_by_participles_and_conjunctions() {
    check(
        "participles",
        "Smith said the plan would pass, adding that the vote would be close.\n\nJones said the bill was flawed and warned that it would fail.",
    );
}
