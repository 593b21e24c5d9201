//! The seed article: its quotes through the crate's test segmenter, in the output format.

mod common;

const SEED: &str = include_str!("../../../examples/articles/voa-hun-sen-geneva.txt");

#[test]
fn seed_article_quotes() {
    insta::assert_json_snapshot!(common::json(SEED));
}

#[test]
fn seed_article_speakers() {
    let lines = common::lines(SEED);
    let find = |needle: &str| {
        lines
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no quote with {needle:?} in {lines:#?}"))
    };
    // The two parts of Hun Sen's quotation, through "he".
    assert!(find("It is very strange").contains("[Hun Sen]"));
    assert!(find("yet when the authority").contains("[Hun Sen]"));
    // Am Sam Ath's indirect quote and his direct one ("he").
    assert!(find("independent media in Cambodia is not fully free").contains("[Am Sam Ath]"));
    assert!(find("Those fundamental rights are still limited").contains("[Am Sam Ath]"));
    // Scare quotes are no quotes.
    let q = common::quotes(SEED);
    for scare in [
        "powerful countries",
        "positive progress",
        "painted black",
        "political tools",
        "a compliment",
        "none of them",
    ] {
        assert!(
            !q.quotes.iter().any(|q| q
                .span
                .slice(SEED)
                .trim_matches(|c: char| !c.is_alphanumeric())
                == scare),
            "{scare} reported as a quote: {lines:#?}"
        );
    }
}
