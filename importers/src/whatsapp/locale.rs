//! Localized strings WhatsApp writes into exports, as plain tables.
//!
//! Sources: the format notes in `docs/formats/whatsapp.md` (real exports in
//! many UI languages). Matching is exact on the body with invisible marks
//! removed, ASCII case ignored, unless a table says otherwise. Adding a
//! language is adding rows here.

/// Prefixes of the chat file's name before the chat's name
/// (`WhatsApp Chat with Alice.txt`).
pub(crate) const FILE_PREFIXES: &[&str] = &[
    "WhatsApp Chat with ",
    "WhatsApp Chat - ",
    "WhatsApp Chat mit ",
    "WhatsApp-Chat mit ",
    "WhatsApp-chat met ",
    "WhatsApp Chat met ",
    "Chat de WhatsApp con ",
    "Chat WhatsApp con ",
    "Chat WhatsApp com ",
    "Conversa no WhatsApp com ",
    "Conversa do WhatsApp com ",
    "Discussion WhatsApp avec ",
    "Chat WhatsApp s uživatelem ",
    "Чат WhatsApp с контактом ",
    "Чат WhatsApp с ",
    "Чат WhatsApp із ",
    "Czat WhatsApp z ",
    "WhatsApp Sohbeti: ",
    "WhatsApp-chatt med ",
    "WhatsApp-chat med ",
    "WhatsApp-keskustelu: ",
    "Obrolan WhatsApp dengan ",
    "Đoạn chat WhatsApp với ",
    "WhatsApp Chat: ",
    "WhatsApp Chat ",
];

/// Android's one placeholder for every media type in exports made
/// "without media" (compared case-insensitively, without the `<>`).
pub(crate) const MEDIA_OMITTED: &[&str] = &[
    "media omitted",
    "medien ausgeschlossen",
    "без медиафайлов",
    "média vynechány",
    "media weggelaten",
    "multimedia omitido",
    "archivo omitido",
    "médias omis",
    "fichier omis",
    "media omessi",
    "mídia omitida",
    "ficheiro não revelado",
    "multimédia omitido",
    "pominięto multimedia",
    "medya dahil edilmedi",
    "media tidak disertakan",
    "تم استبعاد الوسائط",
    "मीडिया के बिना",
    "メディアなし",
    "省略多媒体文件",
    "忽略多媒體檔",
    "미디어 파일 제외됨",
    "video note omitted",
    "медіафайли пропущено",
];

/// What an iOS per-type placeholder stood for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Omitted {
    Media,
    Sticker,
    Contact,
}

/// iOS per-type placeholders (`image omitted`), matched at the end of the
/// body (documents are `Some file.txt document omitted`).
pub(crate) const IOS_OMITTED: &[(&str, Omitted)] = &[
    ("image omitted", Omitted::Media),
    ("video omitted", Omitted::Media),
    ("audio omitted", Omitted::Media),
    ("GIF omitted", Omitted::Media),
    ("document omitted", Omitted::Media),
    ("video note omitted", Omitted::Media),
    ("sticker omitted", Omitted::Sticker),
    ("Contact card omitted", Omitted::Contact),
    ("Bild weggelassen", Omitted::Media),
    ("Video weggelassen", Omitted::Media),
    ("Audio weggelassen", Omitted::Media),
    ("GIF weggelassen", Omitted::Media),
    ("Dokument weggelassen", Omitted::Media),
    ("Sticker weggelassen", Omitted::Sticker),
    ("Kontaktkarte ausgelassen", Omitted::Contact),
    ("image absente", Omitted::Media),
    ("vidéo absente", Omitted::Media),
    ("audio omis", Omitted::Media),
    ("GIF retiré", Omitted::Media),
    ("document omis", Omitted::Media),
    ("sticker omis", Omitted::Sticker),
    ("Fiche contact manquante", Omitted::Contact),
    ("imagen omitida", Omitted::Media),
    ("Video omitido", Omitted::Media),
    ("audio omitido", Omitted::Media),
    ("GIF omitido", Omitted::Media),
    ("documento omitido", Omitted::Media),
    ("sticker omitido", Omitted::Sticker),
    ("Tarjeta de contacto omitida", Omitted::Contact),
    ("immagine omessa", Omitted::Media),
    ("video omesso", Omitted::Media),
    ("audio omesso", Omitted::Media),
    ("GIF esclusa", Omitted::Media),
    ("documento omesso", Omitted::Media),
    ("sticker non incluso", Omitted::Sticker),
    ("Scheda contatto omessa", Omitted::Contact),
    ("imagem não revelada", Omitted::Media),
    ("vídeo não revelado", Omitted::Media),
    ("ficheiro de áudio não revelado", Omitted::Media),
    ("GIF não revelada", Omitted::Media),
    ("documento não revelado", Omitted::Media),
    ("sticker não revelado", Omitted::Sticker),
    ("Contacto não revelado", Omitted::Contact),
    ("imagem ocultada", Omitted::Media),
    ("vídeo ocultado", Omitted::Media),
    ("изображение отсутствует", Omitted::Media),
    ("видео отсутствует", Omitted::Media),
    ("аудиофайл отсутствует", Omitted::Media),
    ("GIF отсутствует", Omitted::Media),
    ("документ отсутствует", Omitted::Media),
    ("стикер не добавлен", Omitted::Sticker),
    ("Карточка контакта отсутствует", Omitted::Contact),
    ("зображення відсутнє", Omitted::Media),
    ("відео відсутнє", Omitted::Media),
    ("аудіо відсутнє", Omitted::Media),
    ("GIF-анімацію пропущено", Omitted::Media),
    ("документ відсутній", Omitted::Media),
    ("Наклейку не додано", Omitted::Sticker),
    ("Картка контакту відсутня", Omitted::Contact),
    ("obrázek vynechán", Omitted::Media),
    ("video vynecháno", Omitted::Media),
    ("gambar tidak disertakan", Omitted::Media),
    ("video tidak disertakan", Omitted::Media),
    ("đã bỏ qua hình ảnh", Omitted::Media),
    ("đã bỏ video", Omitted::Media),
    ("फ़ोटो हटाई गई", Omitted::Media),
    ("वीडियो छोड़ा गया", Omitted::Media),
    ("ไม่มีรูปภาพ", Omitted::Media),
    ("วิดีโอถูกลบ", Omitted::Media),
    ("画像は含まれていません", Omitted::Media),
    ("ビデオは含まれていません", Omitted::Media),
    ("音声は含まれていません", Omitted::Media),
    ("GIFは含まれていません", Omitted::Media),
    ("ドキュメントは含まれていません", Omitted::Media),
    ("スタンプは含まれていません", Omitted::Sticker),
    ("連絡先カードを省略", Omitted::Contact),
    ("لم يتم إدراج الصورة", Omitted::Media),
    ("لم يتم إدراج الفيديوهات", Omitted::Media),
    ("لم يتم إدراج المقاطع الصوتية", Omitted::Media),
    ("لم يتم إدراج المستند", Omitted::Media),
    ("تم حذف الملصقات", Omitted::Sticker),
    ("لم يتم إدراج بطاقة جهة اتصال", Omitted::Contact),
];

/// Deletion notices (a trailing `.` is ignored when matching).
pub(crate) const DELETED: &[&str] = &[
    "This message was deleted",
    "You deleted this message",
    "Diese Nachricht wurde gelöscht",
    "Du hast diese Nachricht gelöscht",
    "Ce message a été supprimé",
    "Vous avez supprimé ce message",
    "Se eliminó este mensaje",
    "Eliminaste este mensaje",
    "Este mensaje fue eliminado",
    "Questo messaggio è stato eliminato",
    "Hai eliminato questo messaggio",
    "Esta mensagem foi apagada",
    "Apagou esta mensagem",
    "Você apagou esta mensagem",
    "Mensagem apagada",
    "Данное сообщение удалено",
    "Вы удалили данное сообщение",
    "Це повідомлення було видалено",
    "Ви видалили це повідомлення",
    "Tato zpráva byla smazána",
    "Tuto zprávu jste smazal/a",
    "Dit bericht is verwijderd",
    "U hebt dit bericht verwijderd",
    "Je hebt dit bericht verwijderd",
    "Pesan ini dihapus",
    "Anda menghapus pesan ini",
    "Tin nhắn này đã bị xóa",
    "Bạn đã xoá tin nhắn này",
    "यह मैसेज डिलीट कर दिया गया है",
    "आपने यह मैसेज डिलीट किया",
    "ข้อความนี้ถูกลบแล้ว",
    "คุณได้ลบข้อความนี้",
    "このメッセージは削除されました。",
    "このメッセージを削除しました。",
    "このメッセージは削除されました",
    "このメッセージを削除しました",
    "تم حذف هذه الرسالة",
    "أنت حذفت هذه الرسالة",
];

/// Edited markers, without the `<>` around them; a trailing `.` is ignored.
pub(crate) const EDITED: &[&str] = &[
    "This message was edited",
    "Diese Nachricht wurde bearbeitet",
    "Ce message a été modifié",
    "Se editó este mensaje",
    "Mensaje editado",
    "Questo messaggio è stato modificato",
    "Messaggio modificato",
    "Esta mensagem foi editada",
    "Mensagem editada",
    "Сообщение изменено",
    "Это сообщение было изменено",
    "Повідомлення змінено",
    "Tato zpráva byla upravena",
    "Dit bericht is bewerkt",
    "Pesan ini telah diedit",
    "Tin nhắn này đã được chỉnh sửa",
    "このメッセージは編集されました",
    "تم تعديل هذه الرسالة",
];

/// Keywords of iOS `<attached: NAME>` in other UI languages.
pub(crate) const ATTACHED: &[&str] = &[
    "attached",
    "Anhang",
    "adjunto",
    "allegato",
    "anexo",
    "pièce jointe",
    "fichier joint",
    "bijlage",
    "вложение",
    "файл",
    "прикріплено",
    "załącznik",
    "příloha",
    "ek",
    "lampiran",
    "tệp đính kèm",
    "đính kèm",
    "添付ファイル",
    "附件",
    "첨부파일",
    "مرفق",
    "संलग्न",
    "ไฟล์แนบ",
];

/// Suffixes of Android `NAME (file attached)`, without the parentheses.
pub(crate) const FILE_ATTACHED: &[&str] = &[
    "file attached",
    "Datei angehängt",
    "archivo adjunto",
    "fichier joint",
    "file allegato",
    "arquivo anexado",
    "ficheiro anexado",
    "файл добавлен",
    "файл додано",
    "soubor byl přiložen",
    "bestand bijgevoegd",
    "załączony plik",
    "dosya ekli",
    "file terlampir",
    "tệp đính kèm",
    "फ़ाइल संलग्न",
    "ملف مرفق",
    "ファイル添付",
    "附件",
];

/// Call notices (prefixes; what follows is a duration or "No answer").
pub(crate) const CALLS: &[&str] = &[
    "Missed voice call",
    "Missed video call",
    "Missed group voice call",
    "Missed group video call",
    "Voice call",
    "Video call",
    "Verpasster Sprachanruf",
    "Verpasster Videoanruf",
    "Sprachanruf",
    "Videoanruf",
];

/// Live-location notices.
pub(crate) const LIVE_LOCATION: &[&str] = &[
    "live location shared",
    "Live-Standort wird geteilt",
    "ubicación en tiempo real compartida",
    "position en direct partagée",
    "posizione attuale condivisa",
    "localização em tempo real partilhada",
    "трансляция геоданных",
];

/// Starts of the end-to-end-encryption notice in three generations of
/// wording and many languages; it opens nearly every export and is the
/// notice iOS attributes to the chat's name.
pub(crate) const E2E_NOTICE: &[&str] = &[
    "Messages and calls are end-to-end encrypted",
    "Messages to this group are now secured with end-to-end encryption",
    "Messages to this chat and calls are now secured with end-to-end encryption",
    "Messages you send to this chat and calls are now secured with end-to-end encryption",
    "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt",
    "Nachrichten an diese Gruppe sind jetzt mit Ende-zu-Ende-Verschlüsselung geschützt",
    "Les messages et les appels sont chiffrés de bout en bout",
    "Los mensajes y las llamadas están cifrados de extremo a extremo",
    "I messaggi e le chiamate sono crittografati end-to-end",
    "As mensagens e chamadas são encriptadas ponto a ponto",
    "As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta",
    "Сообщения и звонки защищены сквозным шифрованием",
    "Повідомлення й дзвінки захищено наскрізним шифруванням",
    "Zprávy a hovory jsou koncově šifrované",
    "Berichten en oproepen worden end-to-end versleuteld",
    "Pesan dan panggilan terenkripsi secara end-to-end",
    "Tin nhắn và cuộc gọi được mã hóa đầu cuối",
    "मैसेज और कॉल एंड-टू-एंड एन्क्रिप्टेड हैं",
    "ข้อความและการโทรได้รับการเข้ารหัสจากต้นทางถึงปลายทาง",
    "メッセージと通話はエンドツーエンド暗号化されています",
    "الرسائل والمكالمات مشفرة تمامًا بين الطرفين",
    "Wiadomości i połączenia są szyfrowane end-to-end",
    "Mesajlar ve aramalar uçtan uca şifrelidir",
];

/// System notices iOS may attribute to the chat's or a contact's name
/// (prefix match, only on bodies that start with U+200E).
pub(crate) const IOS_AUTHORED_SYSTEM: &[&str] = &[
    "Your security code with",
    "Dein Sicherheitscode für",
    "This business uses a secure service from Meta",
    "This chat is with a business account",
    "Disappearing messages",
    "You blocked this contact",
    "You unblocked this contact",
    "Missed voice call",
    "Missed video call",
];

/// Words that, inside a *system* line, show the chat is a group.
pub(crate) const GROUP_EVENTS: &[&str] = &[
    "created group",
    " added ",
    "added you",
    " removed ",
    " left",
    "joined using",
    "group",
    "Gruppe",
    "hinzugefügt",
    "groupe",
    "grupo",
    "gruppo",
    "группу",
    "группы",
    "добавил",
    "групу",
    "skupin",
    "groep",
    "grup",
    "グループ",
    "群组",
    "그룹",
    "المجموعة",
];

/// FNV-1a: a fast hash for the short keys of these tables and of sender
/// names (no untrusted-key flooding concern: keys come from one file).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Builds [`Fnv`] hashers.
pub(crate) type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

/// Bytes compared by the quick prefix gate of [`E2E_NOTICE`].
pub(crate) const E2E_GATE: usize = 12;

/// A cheap pre-check for exact-match tables: possible first bytes and the
/// range of lengths.
#[derive(Debug)]
pub(crate) struct Gate {
    first: [bool; 256],
    min: usize,
    max: usize,
}

impl Gate {
    pub fn new<'a>(items: impl IntoIterator<Item = &'a str>) -> Self {
        let mut g = Gate {
            first: [false; 256],
            min: usize::MAX,
            max: 0,
        };
        for s in items {
            if let Some(b) = s.as_bytes().first() {
                g.first[usize::from(*b)] = true;
            }
            g.min = g.min.min(s.len());
            g.max = g.max.max(s.len());
        }
        g
    }

    /// Whether `s` may be in the table.
    pub fn may_hold(&self, s: &str) -> bool {
        (self.min..=self.max).contains(&s.len())
            && s.as_bytes()
                .first()
                .is_some_and(|b| self.first[usize::from(*b)])
    }
}
