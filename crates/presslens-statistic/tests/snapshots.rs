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
        "Some 450 families were moved out.",
        "The firm employs 2,418,000 Britons and 9 first-round picks.",
        "She has one of the best records.",
        "Thirty-one people died and four hundred and sixteen were hurt.",
        "A dozen eggs, half a million viewers and 3.5m subscribers.",
        "Two-thirds of voters and one in five adults agreed.",
        "More than 4 million homes were left without heating.",
    ]));
}

#[test]
fn percents() {
    insta::assert_snapshot!(table(&[
        "Turnout was 26% in the north and 26 per cent in the south.",
        "About 65 percent voted in favour; rates rose by 25 basis points.",
        "The margin narrowed to 3 percentage points.",
        "The trust trades at a 17pc discount.",
    ]));
}

#[test]
fn money() {
    insta::assert_snapshot!(table(&[
        "The deal is worth $3.2 billion, or US$ 5 per share.",
        "A penalty of 8.2 million Canadian dollars ($6.1 million) was ordered.",
        "It costs €1,200, £24 a year or ¥590 billion.",
        "Aid of 5 million riel and HK$216,925 was paid.",
        "Revenue reached USD25m and EUR 40m; a 15-cent dividend.",
        "The tickets cost 50 dollars.",
    ]));
}

#[test]
fn measures() {
    insta::assert_snapshot!(table(&[
        "The road is 64 miles (103 km) long and the ship is 58.4 metres long.",
        "It weighs 315kg and holds 60mL; the boot is 19.8 cubic feet.",
        "Temperatures hit 40 degrees Celsius, or 104°F.",
        "A 72-year-old man, a nine-mile trip and a 1.6-liter engine.",
        "The refinery handles 300,000 barrels a day; its turbines spin at 4500 rpm.",
        "She served 4 years, 7 months and 11 days.",
        "The 7 kW charger fills a 6.4kWh battery in four hours.",
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
        "Between 12 and 18 people came.",
        "The offer will be between $41 and $47 per share.",
        "A 3-8W lamp and 12 to 18 miles per hour.",
        "Flats from $450,000 to $2 million; six to seven thousand people.",
        "Growth of 3 to 4 per cent is expected.",
        "The figure is more than 35 and less than 60.",
    ]));
}

#[test]
fn changes() {
    insta::assert_snapshot!(table(&[
        "Freedom House downgraded Cambodia’s human rights ranking to a score of 26 from 30.",
        "Factory output rose 0.4% in May.",
        "Revenue rose 5% to $3.2 billion.",
        "The Nasdaq lost 240 points, or 0.8%.",
        "The price has fallen from $80 to $52.40.",
        "Sales were 120, down from 130.",
        "The company doubled its headcount.",
        "A 3 percent drop; CAC 40 -1.1% DAX +0.9%.",
    ]));
}

#[test]
fn not_statistics() {
    insta::assert_snapshot!(table(&[
        "The G20 met on May 4 at 10:30am in Osaka.",
        "A Boeing 737 landed; COVID-19 cases and the iPhone 13 were discussed.",
        "Call 555-123-4567 or see Section 12 of the act.",
        "He lives at 212 Harcourt Road and meets at 2 p.m. on Friday, June 28.",
        "The one she picked is a five-year plan; visit https://example.com/2019/05.",
        "Leeds beat Fulham 3-1 on Oct. 11-15.",
    ]));
}

#[test]
fn written_forms_and_tallies() {
    insta::assert_snapshot!(table(&[
        "Exports grew 4 . 7 % to $ 2.36 billion ; yields fell as much as 3 / 8 point .",
        "A crowd of 25 000 paid 2.150,50 euros a box, or €3,5 million in all; chapters 2,4 and 6.",
        "The app reached 20M, but 3M said no.",
        "Inflation fell from 5% in March to 3% in April.",
        "The measure failed 48 to 52 in the vote; a 5-4 ruling followed.",
        "India were 245 for 6 at stumps after Starc took 5/32 in 10 overs.",
        "Apple showed the iPhone 15 Pro and 15 Pro Max to 234 Israelis.",
        "Perhaps 500 people came; the 2000 workers struck; there were 3 millions visitors.",
        "Polls put it at 3 in 4 or more; more than half residents stayed home.",
        "The barge carries 400t and its deck is 85m; 401(k) plans.",
    ]));
}
