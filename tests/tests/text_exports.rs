//! End-to-end: LINE, KakaoTalk and Threema exports carry no message ids,
//! so the library deduplicates them by content. Importing each sample
//! twice must add nothing the second time.

use ferry_tests::{Lib, fixture};

#[test]
fn reimporting_id_less_text_exports_adds_nothing() {
    for (rel, format, messages) in [
        ("line/[LINE]_Chat_with_Alice_Example.txt", "line", 8),
        ("line/[LINE]_花子とのトーク履歴.txt", "line", 6),
        (
            "kakaotalk/KakaoTalk_Chat_John_Doe_pc_en.txt",
            "kakaotalk",
            5,
        ),
        ("kakaotalk/KakaoTalk_Chat_홍길동_pc_ko.txt", "kakaotalk", 4),
        (
            "kakaotalk/KakaoTalkChats_mobile_android_ko.txt",
            "kakaotalk",
            3,
        ),
        ("threema/messages-Alice_Example.txt", "threema", 5),
    ] {
        let lib = Lib::new();
        let path = fixture(rel).display().to_string();
        let args = ["import", path.as_str(), "--tz", "Asia/Seoul"];
        let first = lib.json(&args);
        let src = &first["sources"][0];
        assert_eq!(src["format"], format, "{rel}");
        assert_eq!(src["messages"].as_u64(), Some(messages), "{rel}");
        assert_eq!(src["new_messages"].as_u64(), Some(messages), "{rel}");
        let again = lib.json(&args);
        assert_eq!(
            again["sources"][0]["new_messages"].as_u64(),
            Some(0),
            "{rel}"
        );
        let chats = lib.json(&["chats"]);
        assert_eq!(chats.as_array().map(Vec::len), Some(1), "{rel}: one chat");
        assert_eq!(chats[0]["messages"].as_u64(), Some(messages), "{rel}");
    }
}
