//! Snapshots of whole analyses: the seed article's statistics in the output contract, and
//! small hand-written cases of every kind, one line each, so that a reviewer can read
//! what the stage claims about each sentence.

use presslens_core::{DocOutput, Document, Stage, StageEnv};
use presslens_statistic::{Extractor, StatisticParams, StatisticStage};

const SEED: &str = include_str!("../../../examples/articles/voa-hun-sen-geneva.txt");

#[test]
fn seed_article() {
    // Without a `text` layer the stage reads the whole text as body, captions included.
    let stage = StatisticStage::new(StatisticParams::default(), &StageEnv::default()).unwrap();
    let mut doc = Document::new("voa-hun-sen-geneva", SEED).unwrap();
    stage.process(&mut doc).unwrap();
    let out = DocOutput::render(&doc, &["statistics".to_string()], Vec::new(), false);
    insta::assert_json_snapshot!(out.layer("statistics").unwrap());
}

/// One line per statistic: `text | kind value [upper] [unit] [previous] [direction] [~]
/// [subject]`.
fn describe(x: &Extractor, text: &str) -> String {
    let mut out = format!("{text}\n");
    let items = x.extract(text);
    if items.is_empty() {
        out.push_str("    (none)\n");
    }
    for s in items {
        let mut line = format!(
            "    {:?} | {} {}",
            s.span.slice(text),
            s.kind.as_str(),
            s.value
        );
        if let Some(u) = s.upper {
            line += &format!("..{u}");
        }
        if let Some(u) = &s.unit {
            line += &format!(" [{u}]");
        }
        if let Some(p) = s.previous {
            line += &format!(" from {p}");
        }
        if let Some(d) = s.direction {
            line += &format!(" {}", d.as_str());
        }
        if s.approximate {
            line += " ~";
        }
        if let Some(sub) = s.subject {
            line += &format!(" subject={:?}", sub.slice(text));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn table(cases: &[&str]) -> String {
    let x = Extractor::new().unwrap();
    cases.iter().map(|c| describe(&x, c)).collect()
}

#[test]
fn counts() {
    insta::assert_snapshot!(table(&[
        "About 15,000 workers went on strike.",
        "Some 300 residents have been evacuated.",
        "The company employs 1,307,000 Americans and 14 first-team players.",
        "She has one of the best records.",
        "Twenty-six people died and three hundred and twelve were hurt.",
        "A dozen eggs, half a million viewers and 3.5m subscribers.",
        "Two-thirds of voters and one in five adults agreed.",
        "More than 6 million homes lost power.",
    ]));
}

#[test]
fn percents() {
    insta::assert_snapshot!(table(&[
        "Turnout was 26% in the north and 26 per cent in the south.",
        "About 70 percent voted against; rates rose by 25 basis points.",
        "The margin narrowed to 3 percentage points.",
        "Shares are trading at a 24pc discount.",
    ]));
}

#[test]
fn money() {
    insta::assert_snapshot!(table(&[
        "The deal is worth $3.2 billion, or US$ 5 per share.",
        "A fine of 10.5 million Australian dollars ($7.5 million) was imposed.",
        "It costs €1,200, £24 a year or ¥590 billion.",
        "Aid of 5 million riel and HK$216,925 was paid.",
        "Revenue reached USD10m and EUR 50m; a 12-cent dividend.",
        "The tickets cost 50 dollars.",
    ]));
}

#[test]
fn measures() {
    insta::assert_snapshot!(table(&[
        "The road is 87 miles (140 km) long and the aircraft is 72.7 metres long.",
        "It weighs 278kg and holds 50mL; the boot is 24.5 cubic feet.",
        "Temperatures hit 40 degrees Celsius, or 104°F.",
        "A 65-year-old man, a six-mile trip and a 2.4-liter engine.",
        "The plant produces 800,000 barrels a day at 3000 rpm.",
        "He ran for 3 years, 2 months and 14 days.",
        "The 5 kW motor charges a 5.5kWh battery in three hours.",
    ]));
}

#[test]
fn ordinals_years_ranks() {
    insta::assert_snapshot!(table(&[
        "The 41st session opened in Geneva.",
        "It was the twenty-first attempt since 1979.",
        "Prices peaked in the 1990s and fell in 2008-09.",
        "She is ranked third in the world and No. 1 at home.",
    ]));
}

#[test]
fn ranges() {
    insta::assert_snapshot!(table(&[
        "Between 10 and 20 people came.",
        "The price will be between $62 and $68 per share.",
        "A 5-10W laser and 15 to 22 miles per hour.",
        "Homes from $750,000 to $1 million; four to five thousand people.",
        "Growth of 5 to 7 per cent is expected.",
        "The number is more than 30 and less than 50.",
    ]));
}

#[test]
fn changes() {
    insta::assert_snapshot!(table(&[
        "Freedom House downgraded Cambodia’s human rights ranking to a score of 26 from 30.",
        "Core inflation rose 0.3% in June.",
        "Revenue rose 5% to $3.2 billion.",
        "The Dow Jones lost 190 points, or 0.6%.",
        "The price has dropped from $75 to $45.88.",
        "Sales were 120, down from 130.",
        "The company doubled its work force.",
        "A 3 percent drop; Stoxx 50 -1.3% FTSE +0.6%.",
    ]));
}

#[test]
fn not_statistics() {
    insta::assert_snapshot!(table(&[
        "The G20 met on May 4 at 10:30am in Osaka.",
        "A Boeing 737 landed; COVID-19 cases and the iPhone 11 were discussed.",
        "Call 555-123-4567 or see Section 427 of the act.",
        "He lives at 575 Wilbraham Road and meets at 2 p.m. on Friday, June 28.",
        "The one you mentioned is a five-year plan; visit https://example.com/2019/05.",
        "Bristol City beat Charlton 2-1 on Sept. 20-24.",
    ]));
}

#[test]
fn written_forms_and_tallies() {
    insta::assert_snapshot!(table(&[
        "Sales rose 6 . 2 % to $ 1.45 billion ; prices fell as much as 1 / 4 point .",
        "A crowd of 40 000 paid 1.111,11 euros each, or €1,5 million in all; chapters 1,3 and 5.",
        "I can give you 10M, but 3M said no.",
        "Inflation fell from 5% in March to 3% in April.",
        "The measure failed 48 to 52 in the vote; a 5-4 ruling followed.",
        "India were 245 for 6 at stumps after Starc took 5/32 in 10 overs.",
        "Apple showed the iPhone 11 Pro and 11 Pro Max to 234 Israelis.",
        "Perhaps 500 people came; the 2000 workers struck; there were 3 millions visitors.",
        "How about 2 in 5 or more? More than half people came.",
        "10 $ 30 cent; the capacity is 100t and the outreach is 48m; 401(k) plans.",
    ]));
}
