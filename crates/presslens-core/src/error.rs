//! Errors of the document model and of stages.

/// A stage failed on one document. The runner records it in that document's `errors` and
/// goes on with the other stages and documents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct StageError {
    message: String,
}

impl StageError {
    /// An error with a message for the user: say what went wrong with this document.
    pub fn new(message: impl Into<String>) -> StageError {
        StageError {
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A document could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// The text is longer than spans can address.
    #[error(
        "document `{id}` is {len} bytes long; presslens handles documents up to 4 GiB: split it"
    )]
    TooLong {
        /// The document's id.
        id: String,
        /// Its length in bytes.
        len: usize,
    },
}

/// A stage could not be created from its parameters.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CreateError {
    /// A parameter has a value of the wrong type or out of range.
    #[error("{message}")]
    Param {
        /// The parameter's key path inside the stage's table ("cues.extra[2]").
        path: String,
        /// What was wrong and what was expected.
        message: String,
    },
    /// The parameters were read but the stage could not start (a gazetteer file that does
    /// not exist, a lexicon that does not parse).
    #[error("{0}")]
    Init(#[from] StageError),
}
