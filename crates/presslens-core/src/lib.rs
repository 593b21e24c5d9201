//! The core of presslens: the document model, the annotation layers, the [`Stage`] trait
//! and the output contract.
//!
//! Every other crate of presslens depends on this one and on nothing else of presslens:
//! stages never know each other, they meet only through the layers of a [`Document`]. The
//! quote stage reads the [`layers::entities::Entities`] layer, whoever produced it.
//!
//! Spans in memory are byte ranges ([`Span`]) into the document's text; only the output
//! ([`DocOutput`]) converts them to the character offsets of the contract.
#![deny(missing_docs)]

pub mod bench;
pub mod document;
pub mod error;
pub mod hash;
pub mod knowledge;
pub mod layers;
pub mod offsets;
pub mod output;
pub mod span;
pub mod stage;
pub mod testing;

pub use document::Document;
pub use error::{CreateError, DocumentError, StageError};
pub use layers::entities::{Entities, Entity, EntityLabel};
pub use layers::quotes::{Quote, QuoteKind, Quotes, Speaker};
pub use layers::statistics::{Direction, StatKind, Statistic, Statistics};
pub use layers::text::{
    Paragraph, ParagraphKind, QuoteMark, QuoteRole, Sentence, TextLayer, Token, TokenKind,
};
pub use layers::{JsonLayer, Layer, LayerType, OutputContext};
pub use offsets::OffsetMap;
pub use output::{DocOutput, ErrorRecord, FORMAT_VERSION};
pub use span::{MAX_TEXT_LEN, Span};
pub use stage::{
    DynStage, ParamDoc, ParamField, Params, Stage, StageEnv, StageFactory, StageInfo, factory,
    param_docs,
};
