//! The custom stage's analysis of the seed article, locked with a snapshot: the way to keep
//! a pipeline's behaviour from changing unnoticed. Review a changed snapshot like code
//! (`cargo insta review`, or read the `.snap.new` file) before accepting it.

use presslens_example_custom_stage::{PIPELINE, registry};
use presslens_runner::{ConfigSource, Pipeline};

#[test]
fn keywords_in_the_seed_article() {
    let (pipeline, warnings) = Pipeline::load(
        &ConfigSource::from_str("keywords pipeline", PIPELINE),
        &registry(),
    )
    .expect("valid pipeline");
    assert!(warnings.diagnostics.is_empty());
    let article = include_str!("../../articles/voa-hun-sen-geneva.txt");
    let out = pipeline.analyze("voa-hun-sen-geneva", article);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    // The photo caption mentions no term, and boilerplate is skipped anyway: every hit is
    // in the body.
    insta::assert_json_snapshot!(out.layer("keywords"));
}

#[test]
fn case_and_word_boundaries() {
    let config = r#"
        version = 1
        [pipeline]
        stages = ["text", "keywords"]
        [stage.keywords]
        terms = ["vote"]
        case_sensitive = true
    "#;
    let (pipeline, _) =
        Pipeline::load(&ConfigSource::from_str("inline", config), &registry()).unwrap();
    let out = pipeline.analyze("d", "Vote early. The vote counts; voters vote.");
    let hits = out.layer("keywords").unwrap().as_array().unwrap();
    let found: Vec<(&str, u64)> = hits
        .iter()
        .map(|h| (h["text"].as_str().unwrap(), h["start"].as_u64().unwrap()))
        .collect();
    assert_eq!(found, [("vote", 16), ("vote", 36)]);
}
