//! Checks shared by the integration tests.

use presslens_core::TextLayer;

/// Every sentence lies in its paragraph, every token in its sentence, all in order and on
/// character boundaries.
pub(crate) fn check_invariants(layer: &TextLayer, text: &str) {
    let mut last_token_end = 0;
    for (pi, p) in layer.paragraphs.iter().enumerate() {
        assert!(p.span.is_valid_for(text));
        for si in p.first_sentence..p.end_sentence {
            let s = &layer.sentences[si as usize];
            assert_eq!(s.paragraph as usize, pi);
            assert!(p.span.contains(s.span));
            assert!(s.first_token < s.end_token);
            for t in &layer.tokens[s.first_token as usize..s.end_token as usize] {
                assert!(t.span.is_valid_for(text));
                assert!(!t.span.is_empty());
                assert!(s.span.contains(t.span));
                assert!(t.span.start >= last_token_end);
                last_token_end = t.span.end;
            }
        }
    }
    let covered: usize = layer
        .paragraphs
        .iter()
        .map(|p| (p.end_sentence - p.first_sentence) as usize)
        .sum();
    assert_eq!(covered, layer.sentences.len());
}
