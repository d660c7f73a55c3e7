//! How a stored media file is handed to a browser: under which content type, whether it may be
//! shown in the page (`inline`) or only saved (`attachment`), and under which file name. A file
//! comes from a contact: whatever a browser would run (HTML, SVG, JavaScript, XML…) is never
//! served under its own type nor shown inline.

use crate::message::{Media, MessageKind};

/// The type a file is served under when its own cannot be trusted.
pub const OPAQUE_CONTENT_TYPE: &str = "application/octet-stream";

/// Longest file name handed out, in characters (file systems keep 255 bytes).
const MAX_FILE_NAME_CHARS: usize = 120;

/// How a file is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation {
    pub content_type: String,
    /// Shown in the page (images, audio, video); otherwise only saved.
    pub inline: bool,
    pub file_name: String,
}

impl Presentation {
    /// The presentation of `media`: passive types inline under their own type, other harmless
    /// types as attachments under theirs, active or malformed types as opaque attachments.
    pub fn of(media: &Media) -> Self {
        let essence = essence(&media.mime_type);
        let (content_type, inline) = match essence.as_deref() {
            None => (OPAQUE_CONTENT_TYPE.to_owned(), false),
            Some(essence) if is_active(essence) => (OPAQUE_CONTENT_TYPE.to_owned(), false),
            Some(essence) => (served_type(&media.mime_type, essence), is_passive(essence)),
        };
        let file_name = media.file_name.as_deref().map(sanitised_file_name).filter(|name| !name.is_empty());
        let file_name = file_name.unwrap_or_else(|| default_file_name(media, essence.as_deref()));
        Presentation { content_type, inline, file_name }
    }
}

/// `type/subtype` in lower case, or `None` when the value is not a media type.
pub fn essence(mime_type: &str) -> Option<String> {
    let essence = mime_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/')?;
    let token = |part: &str| {
        !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&byte))
    };
    (token(kind) && token(subtype)).then_some(essence)
}

/// Types a browser would run or render as a document of the site.
fn is_active(essence: &str) -> bool {
    let (kind, subtype) = essence.split_once('/').unwrap_or_default();
    kind == "text" && subtype != "plain" && subtype != "csv" && subtype != "vcard" && subtype != "x-vcard"
        || subtype == "xml"
        || subtype.ends_with("+xml")
        || subtype.contains("javascript")
        || subtype.contains("ecmascript")
        || subtype == "xhtml"
        || subtype == "x-shockwave-flash"
        || subtype == "pdf"
        || kind == "multipart"
}

/// Types shown in the page without running anything.
fn is_passive(essence: &str) -> bool {
    matches!(essence, "image/jpeg" | "image/png" | "image/gif" | "image/webp")
        || essence.starts_with("audio/")
        || essence.starts_with("video/")
}

/// The type as stored (with its parameters, e.g. `codecs=opus`) when it is plain printable ASCII,
/// else its essence alone.
fn served_type(mime_type: &str, essence: &str) -> String {
    let printable = mime_type.bytes().all(|byte| (0x20..0x7f).contains(&byte));
    if printable { mime_type.trim().to_owned() } else { essence.to_owned() }
}

/// The name without directories, control characters or leading dots, at most
/// `MAX_FILE_NAME_CHARS` characters (the extension kept).
pub fn sanitised_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.chars().count() <= MAX_FILE_NAME_CHARS {
        return cleaned.to_owned();
    }
    let extension = cleaned.rsplit_once('.').map(|(_, extension)| extension).filter(|e| e.chars().count() <= 10);
    let keep = MAX_FILE_NAME_CHARS - extension.map_or(0, |extension| extension.chars().count() + 1);
    let stem: String = cleaned.chars().take(keep).collect();
    match extension {
        Some(extension) => format!("{stem}.{extension}"),
        None => stem,
    }
}

/// `midia-<id>` with the extension of its type when it is a common one.
fn default_file_name(media: &Media, essence: Option<&str>) -> String {
    let extension = match essence {
        Some("image/jpeg") => ".jpg",
        Some("image/png") => ".png",
        Some("image/gif") => ".gif",
        Some("image/webp") => ".webp",
        Some("audio/ogg") => ".ogg",
        Some("audio/mpeg") => ".mp3",
        Some("audio/mp4") => ".m4a",
        Some("video/mp4") => ".mp4",
        Some("application/pdf") => ".pdf",
        _ => "",
    };
    format!("midia-{}{extension}", media.id)
}

/// The largest file WhatsApp takes: a document's 100 MB (see `MessageKind::file_limit_bytes`).
pub const LARGEST_UPLOAD: u64 = crate::message::LARGEST_FILE_BYTES;

/// The kind an upload is sent as when the caller names none: by its type's family.
pub fn kind_of_type(mime_type: &str) -> MessageKind {
    match essence(mime_type).as_deref().and_then(|essence| essence.split_once('/')).map(|(family, _)| family) {
        Some("image") => MessageKind::Image,
        Some("audio") => MessageKind::Audio,
        Some("video") => MessageKind::Video,
        _ => MessageKind::Document,
    }
}

/// Whether WhatsApp accepts a file of type `essence` as `kind` (its documented media types).
fn accepts(kind: MessageKind, essence: &str) -> bool {
    const DOCUMENTS: [&str; 9] = [
        "application/pdf",
        "text/plain",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "text/csv",
    ];
    match kind {
        MessageKind::Image => matches!(essence, "image/jpeg" | "image/png"),
        MessageKind::Audio => {
            matches!(essence, "audio/aac" | "audio/amr" | "audio/mpeg" | "audio/mp4" | "audio/ogg")
        }
        // WhatsApp plays a voice note from OGG/Opus only.
        MessageKind::VoiceNote => essence == "audio/ogg",
        MessageKind::Video => matches!(essence, "video/mp4" | "video/3gpp"),
        MessageKind::Document => DOCUMENTS.contains(&essence),
        MessageKind::Sticker => essence == "image/webp",
        _ => false,
    }
}

/// Whether bytes recognised as `sniffed` can be a file of the declared type `essence`: the same
/// type, or one a sniffer names differently (Office files are ZIP or OLE containers, M4A is MP4).
fn sniffed_as(essence: &str, sniffed: &str) -> bool {
    let container = |prefix: &str| essence.starts_with(prefix);
    sniffed == essence
        || sniffed == "application/zip" && container("application/vnd.openxmlformats-officedocument.")
        || sniffed == "application/x-ole-storage"
            && matches!(essence, "application/msword" | "application/vnd.ms-excel" | "application/vnd.ms-powerpoint")
        || matches!(
            (essence, sniffed),
            ("audio/mp4", "audio/m4a" | "video/mp4") | ("audio/aac", "audio/x-aac") | ("video/3gpp", "video/mp4")
        )
}

/// Why an upload's type is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRefusal {
    /// WhatsApp does not take this type for the kind.
    NotAllowed { kind: MessageKind, essence: String },
    /// The bytes are of another type than the one declared.
    Mismatch { declared: String, sniffed: String },
}

/// The declared type's essence when WhatsApp takes it for `kind` and the bytes (recognised as
/// `sniffed`, when a sniffer knows them) do not contradict it.
pub fn check_upload_type(kind: MessageKind, declared: &str, sniffed: Option<&str>) -> Result<String, TypeRefusal> {
    let essence = essence(declared).unwrap_or_default();
    if let Some(sniffed) = sniffed.filter(|sniffed| !sniffed_as(&essence, sniffed)) {
        return Err(TypeRefusal::Mismatch { declared: essence, sniffed: sniffed.to_owned() });
    }
    if !accepts(kind, &essence) {
        return Err(TypeRefusal::NotAllowed { kind, essence });
    }
    Ok(essence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn presented(mime_type: &str, file_name: Option<&str>) -> Presentation {
        let media = Media { file_name: file_name.map(str::to_owned), ..Media::pending(mime_type, None) };
        Presentation::of(&media)
    }

    #[test]
    fn photos_sound_and_video_are_shown_under_their_own_type() {
        for mime_type in ["image/jpeg", "image/webp", "audio/ogg; codecs=opus", "video/mp4"] {
            let shown = presented(mime_type, None);
            assert_eq!((shown.content_type.as_str(), shown.inline), (mime_type, true));
        }
    }

    #[test]
    fn active_types_are_opaque_attachments() {
        let active = [
            "text/html",
            "TEXT/HTML; charset=utf-8",
            "image/svg+xml",
            "application/javascript",
            "text/javascript",
            "application/xml",
            "text/xml",
            "application/xhtml+xml",
            "application/pdf",
            "multipart/x-mixed-replace",
        ];
        for mime_type in active {
            let served = presented(mime_type, Some("x"));
            assert_eq!((served.content_type.as_str(), served.inline), (OPAQUE_CONTENT_TYPE, false), "{mime_type}");
        }
    }

    #[test]
    fn other_harmless_types_are_attachments_under_their_type() {
        let sheet = presented("application/vnd.ms-excel", Some("planilha.xls"));
        assert_eq!((sheet.content_type.as_str(), sheet.inline), ("application/vnd.ms-excel", false));
        assert_eq!(presented("text/plain", None).content_type, "text/plain");
    }

    #[test]
    fn malformed_types_are_opaque() {
        for mime_type in ["", "jpeg", "image/", "image/jpeg\r\nSet-Cookie: a=b", "imagem/jpé g"] {
            let served = presented(mime_type, None);
            assert_eq!((served.content_type.as_str(), served.inline), (OPAQUE_CONTENT_TYPE, false), "{mime_type:?}");
        }
        assert_eq!(presented("audio/ogg; codecs=\"opüs\"", None).content_type, "audio/ogg");
    }

    #[test]
    fn file_names_lose_directories_control_characters_and_leading_dots() {
        assert_eq!(sanitised_file_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitised_file_name("C:\\Users\\ana\\nota fiscal.pdf"), "nota fiscal.pdf");
        assert_eq!(sanitised_file_name("bo\u{0}leto\r\n.pdf"), "boleto.pdf");
        assert_eq!(sanitised_file_name("..htaccess"), "htaccess");
        assert_eq!(sanitised_file_name("relatório ção.pdf"), "relatório ção.pdf");
        let long = format!("{}.pdf", "a".repeat(300));
        let kept = sanitised_file_name(&long);
        assert_eq!(kept.chars().count(), MAX_FILE_NAME_CHARS);
        assert!(kept.ends_with("a.pdf"));
    }

    #[test]
    fn a_file_without_a_usable_name_is_named_after_its_id_and_type() {
        let media = Media::pending("image/jpeg", None);
        assert_eq!(Presentation::of(&media).file_name, format!("midia-{}.jpg", media.id));
        let nameless = Media { file_name: Some("../".into()), ..Media::pending("application/zip", None) };
        assert_eq!(Presentation::of(&nameless).file_name, format!("midia-{}", nameless.id));
    }

    #[test]
    fn whatsapps_limits_hold_per_kind() {
        assert_eq!(MessageKind::Image.file_limit_bytes(), Some(5 * 1024 * 1024));
        assert_eq!(MessageKind::VoiceNote.file_limit_bytes(), Some(16 * 1024 * 1024));
        assert_eq!(MessageKind::Document.file_limit_bytes(), Some(LARGEST_UPLOAD));
        assert_eq!(MessageKind::Sticker.file_limit_bytes(), Some(500 * 1024));
        assert_eq!(MessageKind::Text.file_limit_bytes(), None);
    }

    #[test]
    fn an_upload_without_a_kind_is_sent_by_its_types_family() {
        assert_eq!(kind_of_type("image/png"), MessageKind::Image);
        assert_eq!(kind_of_type("audio/ogg; codecs=opus"), MessageKind::Audio);
        assert_eq!(kind_of_type("VIDEO/MP4"), MessageKind::Video);
        assert_eq!(kind_of_type("application/pdf"), MessageKind::Document);
        assert_eq!(kind_of_type("nonsense"), MessageKind::Document);
    }

    #[test]
    fn types_are_checked_against_whatsapp_and_the_bytes() {
        let pdf = check_upload_type(MessageKind::Document, "application/pdf", Some("application/pdf"));
        assert_eq!(pdf.as_deref(), Ok("application/pdf"));
        assert!(
            check_upload_type(MessageKind::Document, "text/plain", None).is_ok(),
            "nothing sniffed, nothing contradicted"
        );
        let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        assert!(check_upload_type(MessageKind::Document, docx, Some("application/zip")).is_ok());
        assert!(check_upload_type(MessageKind::VoiceNote, "audio/ogg; codecs=opus", Some("audio/ogg")).is_ok());
        assert_eq!(
            check_upload_type(MessageKind::Image, "image/jpeg", Some("application/pdf")),
            Err(TypeRefusal::Mismatch { declared: "image/jpeg".into(), sniffed: "application/pdf".into() })
        );
        let html = check_upload_type(MessageKind::Document, "text/html", None);
        assert!(matches!(html, Err(TypeRefusal::NotAllowed { .. })));
        assert!(matches!(
            check_upload_type(MessageKind::Image, "image/webp", Some("image/webp")),
            Err(TypeRefusal::NotAllowed { .. })
        ));
        assert!(check_upload_type(MessageKind::Sticker, "image/webp", Some("image/webp")).is_ok());
        assert!(matches!(
            check_upload_type(MessageKind::VoiceNote, "audio/mpeg", None),
            Err(TypeRefusal::NotAllowed { .. })
        ));
    }
}
