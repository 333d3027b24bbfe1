//! One writer per format; [`make`] picks it.

use crate::driver::{Ctx, Writer};
use crate::{ExportError, ExportFormat};

mod base64;
mod csv;
mod html;
mod jsonl;
mod markdown;
mod sms_xml;
mod telegram_json;
mod transcript;
mod txt;
mod whatsapp;
mod whatsapp_text;

/// The writer for a format.
pub(crate) fn make(
    format: ExportFormat,
    ctx: &mut Ctx<'_>,
) -> Result<Box<dyn Writer>, ExportError> {
    Ok(match format {
        ExportFormat::WhatsApp => Box::new(whatsapp::WhatsAppWriter::new(ctx)?),
        ExportFormat::TelegramJson => Box::new(telegram_json::TelegramJsonWriter::new(ctx)?),
        ExportFormat::SmsXml => Box::new(sms_xml::SmsXmlWriter::new(ctx)?),
        ExportFormat::Html => Box::new(html::HtmlWriter::new(ctx)?),
        ExportFormat::Markdown => Box::new(markdown::MarkdownWriter::new(ctx)?),
        ExportFormat::Txt => Box::new(txt::TxtWriter::new(ctx)?),
        ExportFormat::Jsonl => Box::new(jsonl::JsonlWriter::new(ctx)?),
        ExportFormat::Csv => Box::new(csv::CsvWriter::new(ctx)?),
    })
}
