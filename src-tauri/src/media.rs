//! The `ferry-media://localhost/<sha256>` URI scheme: the web view loads
//! images, video and audio of the open library through it. It serves only
//! files of the library's media folder, by content hash: the hash must be
//! exactly 64 lowercase hex digits (so no `/`, `..` or other path), and the
//! file must exist there. Anything else is a 404.

use crate::AppState;
use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

/// The scheme's name (`ferry-media://`).
pub const SCHEME: &str = "ferry-media";

/// The content hash named by a request path (`/<hash>`), when it is valid.
pub fn hash_from_path(path: &str) -> Option<&str> {
    let hash = path.strip_prefix('/').unwrap_or(path);
    (hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then_some(hash)
}

/// The MIME type of a media file, from its first bytes (the library names
/// files by hash, without extension).
pub fn sniff_mime(head: &[u8]) -> &'static str {
    const SIGNATURES: &[(usize, &[u8], &str)] = &[
        (0, b"\xFF\xD8\xFF", "image/jpeg"),
        (0, b"\x89PNG\r\n\x1a\n", "image/png"),
        (0, b"GIF87a", "image/gif"),
        (0, b"GIF89a", "image/gif"),
        (8, b"WEBP", "image/webp"),
        (8, b"WAVE", "audio/wav"),
        (8, b"AVI ", "video/x-msvideo"),
        (4, b"ftypheic", "image/heic"),
        (4, b"ftypM4A", "audio/mp4"),
        (4, b"ftyp", "video/mp4"),
        (0, b"\x1A\x45\xDF\xA3", "video/webm"),
        (0, b"OggS", "audio/ogg"),
        (0, b"ID3", "audio/mpeg"),
        (0, b"\xFF\xFB", "audio/mpeg"),
        (0, b"#!AMR", "audio/amr"),
        (0, b"%PDF-", "application/pdf"),
    ];
    SIGNATURES
        .iter()
        .find(|(at, sig, _)| head.get(*at..*at + sig.len()) == Some(*sig))
        .map_or("application/octet-stream", |(_, _, mime)| *mime)
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    let mut r = Response::new(Vec::new());
    *r.status_mut() = code;
    r
}

/// Answers one request: the file's bytes, or 404.
pub fn respond(state: &AppState, path: &str) -> Response<Vec<u8>> {
    let Some(hash) = hash_from_path(path) else {
        return status(StatusCode::NOT_FOUND);
    };
    let file = state
        .with_library(|f| Ok(f.media_path(hash)))
        .ok()
        .flatten();
    let Some(bytes) = file.and_then(|p| std::fs::read(p).ok()) else {
        return status(StatusCode::NOT_FOUND);
    };
    let mime = sniff_mime(&bytes);
    let mut r = Response::new(bytes);
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, header::HeaderValue::from_static(mime));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("max-age=31536000, immutable"),
    );
    r
}

/// The scheme handler: reads the file on a blocking thread.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let path = request.uri().path().to_owned();
    tauri::async_runtime::spawn_blocking(move || {
        responder.respond(respond(app.state::<AppState>().inner(), &path));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn hash_validation_table() {
        let cases = [
            ("plain", format!("/{HASH}"), true),
            ("no slash", HASH.to_owned(), true),
            ("uppercase", format!("/{}", HASH.to_uppercase()), false),
            ("too short", format!("/{}", &HASH[1..]), false),
            ("too long", format!("/{HASH}0"), false),
            ("dot dot", "/../../etc/passwd".to_owned(), false),
            ("nested", format!("/ab/{}", &HASH[3..]), false),
            ("encoded slash", format!("/{}%2F", &HASH[3..]), false),
            ("empty", "/".to_owned(), false),
        ];
        for (name, path, ok) in cases {
            assert_eq!(hash_from_path(&path).is_some(), ok, "{name}");
        }
    }

    #[test]
    fn sniffing_table() {
        let cases: [(&str, &[u8], &str); 6] = [
            ("jpeg", b"\xFF\xD8\xFF\xE0rest", "image/jpeg"),
            ("png", b"\x89PNG\r\n\x1a\nrest", "image/png"),
            ("webp", b"RIFF\0\0\0\0WEBPVP8", "image/webp"),
            ("mp4", b"\0\0\0\x18ftypmp42", "video/mp4"),
            ("ogg", b"OggS\0", "audio/ogg"),
            ("text", b"hello", "application/octet-stream"),
        ];
        for (name, head, mime) in cases {
            assert_eq!(sniff_mime(head), mime, "{name}");
        }
        assert_eq!(sniff_mime(b""), "application/octet-stream");
    }

    #[test]
    fn serves_only_files_of_the_library() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(None, Some(dir.path().join("lib")));
        // Opening the library creates its media folder.
        state.with_library(|_| Ok(())).unwrap();
        let outside = dir.path().join("secret.txt");
        std::fs::write(&outside, b"secret").unwrap();
        assert_eq!(
            respond(&state, &format!("/{HASH}")).status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            respond(&state, "/../secret.txt").status(),
            StatusCode::NOT_FOUND
        );
    }
}
