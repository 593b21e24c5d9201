//! The seed article's segmentation, locked with a snapshot.

use presslens_core::TokenKind;
use presslens_text::Segmenter;

#[test]
fn seed_article() {
    let text = include_str!("../../../examples/articles/voa-hun-sen-geneva.txt");
    let layer = Segmenter::default().segment(text);
    let mut out = String::new();
    for (pi, p) in layer.paragraphs.iter().enumerate() {
        out.push_str(&format!("[{} {}]\n", pi, p.kind.as_str()));
        for s in layer.paragraph_sentences(pi) {
            out.push_str("  | ");
            let toks: Vec<String> = layer.tokens[s.first_token as usize..s.end_token as usize]
                .iter()
                .map(|t| match t.kind {
                    TokenKind::Quote(q) => format!("{}<{:?}>", t.span.slice(text), q.role),
                    _ => t.span.slice(text).to_string(),
                })
                .collect();
            out.push_str(&toks.join(" "));
            out.push('\n');
        }
    }
    insta::assert_snapshot!(out);
}
