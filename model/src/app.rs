//! The messengers Ferry knows as sources or targets.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A messenger application. The string form ([`App::id`]) is stable: it is
/// stored in libraries and printed in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum App {
    WhatsApp,
    Telegram,
    Signal,
    Messenger,
    Instagram,
    Discord,
    /// SMS/MMS, e.g. from SMS Backup & Restore.
    Sms,
    IMessage,
    X,
    Slack,
    Matrix,
    Line,
    KakaoTalk,
    #[serde(rename = "google-chat")]
    GoogleChat,
    Threema,
}

impl App {
    /// Every app, in a stable order.
    pub const ALL: [App; 15] = [
        App::WhatsApp,
        App::Telegram,
        App::Signal,
        App::Messenger,
        App::Instagram,
        App::Discord,
        App::Sms,
        App::IMessage,
        App::X,
        App::Slack,
        App::Matrix,
        App::Line,
        App::KakaoTalk,
        App::GoogleChat,
        App::Threema,
    ];

    /// The stable identifier, as stored and as printed in JSON.
    pub fn id(self) -> &'static str {
        match self {
            App::WhatsApp => "whatsapp",
            App::Telegram => "telegram",
            App::Signal => "signal",
            App::Messenger => "messenger",
            App::Instagram => "instagram",
            App::Discord => "discord",
            App::Sms => "sms",
            App::IMessage => "imessage",
            App::X => "x",
            App::Slack => "slack",
            App::Matrix => "matrix",
            App::Line => "line",
            App::KakaoTalk => "kakaotalk",
            App::GoogleChat => "google-chat",
            App::Threema => "threema",
        }
    }

    /// The name people know the app by.
    pub fn display_name(self) -> &'static str {
        match self {
            App::WhatsApp => "WhatsApp",
            App::Telegram => "Telegram",
            App::Signal => "Signal",
            App::Messenger => "Messenger",
            App::Instagram => "Instagram",
            App::Discord => "Discord",
            App::Sms => "SMS",
            App::IMessage => "iMessage",
            App::X => "X",
            App::Slack => "Slack",
            App::Matrix => "Matrix",
            App::Line => "LINE",
            App::KakaoTalk => "KakaoTalk",
            App::GoogleChat => "Google Chat",
            App::Threema => "Threema",
        }
    }
}

impl fmt::Display for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Returned by [`App::from_str`] for a name that is no known app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownApp(pub String);

impl fmt::Display for UnknownApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown app {:?}", self.0)
    }
}

impl std::error::Error for UnknownApp {}

impl FromStr for App {
    type Err = UnknownApp;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        App::ALL
            .into_iter()
            .find(|app| app.id().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownApp(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_round_trips_for_every_app() {
        for app in App::ALL {
            assert_eq!(app.id().parse::<App>(), Ok(app));
            let json = serde_json::to_string(&app).unwrap();
            assert_eq!(json, format!("\"{}\"", app.id()));
        }
    }

    #[test]
    fn unknown_app_is_an_error() {
        assert!("icq".parse::<App>().is_err());
    }
}
