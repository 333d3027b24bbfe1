//! The one error shape every command fails with: `{ code, message }`.

use serde::Serialize;

/// A failed command, as the front end receives it. `code` is stable and
/// meant for program logic (`CoreError::code()`, or one of this crate's
/// own: `busy`, `settings`, `catalog`, `not-found`); `message` is one line
/// for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[error("{message}")]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CommandError {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

impl From<ferry_core::CoreError> for CommandError {
    fn from(e: ferry_core::CoreError) -> Self {
        CommandError::new(e.code(), e.to_string())
    }
}

impl From<ferry_core::catalog::LookupError> for CommandError {
    fn from(e: ferry_core::catalog::LookupError) -> Self {
        CommandError::new("not-found", e.to_string())
    }
}

impl From<ferry_core::catalog::CatalogError> for CommandError {
    fn from(e: ferry_core::catalog::CatalogError) -> Self {
        CommandError::new("catalog", e.to_string())
    }
}

/// What a command returns.
pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;
    use ferry_core::CoreError;

    #[test]
    fn core_errors_keep_their_code_and_message() {
        let e: CommandError = CoreError::InvalidRequest("no chats".into()).into();
        assert_eq!(e, CommandError::new("invalid-request", "no chats"));
        let e: CommandError = CoreError::Cancelled.into();
        assert_eq!(e.code, "cancelled");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "cancelled", "message": "cancelled"})
        );
    }
}
