//! The stage on the reference article with Marsad's own sentence splitter
//! and tokenizer. Reads ../shared (skips with a message when absent).

use marsad_core::{Doc, DocMeta, EntityLabel, Stage};
use marsad_ner::NerStage;
use std::path::Path;

#[test]
fn reference_article_entities() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/ain-al-asad-2025-12-31.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };
    let mut doc = Doc::new(DocMeta::default(), text.clone());
    doc.sentences = marsad_arabic::sentences::split_sentences(&text);
    doc.tokens = marsad_arabic::tokenize::tokenize(&text);
    NerStage::new().run(&mut doc);
    let find = |surface: &str| {
        doc.entities
            .iter()
            .find(|e| doc.slice(e.range) == surface)
            .unwrap_or_else(|| panic!("no entity {surface}"))
    };
    assert_eq!(find("قيادة العمليات المشتركة").label, EntityLabel::ORG);
    assert_eq!(find("قاعدة عين الأسد").label, EntityLabel::LOC);
    let full = find("قيس المحمداوي");
    let short = find("المحمداوي");
    assert_eq!(full.label, EntityLabel::PER);
    assert_eq!(short.entity_id, full.entity_id);
    assert_eq!(short.latin.as_deref(), Some("Qais al-Muhammadawi"));
    let sudani = find("محمد شياع السوداني");
    assert_eq!(sudani.latin.as_deref(), Some("Mohammed Shia al-Sudani"));
    assert!(
        doc.entities.iter().any(|e| doc.slice(e.range) == "رئيس الحكومة" && e.entity_id == sudani.entity_id),
        "the bare title refers to the person it introduced"
    );
    // No entity starts with an attached conjunction or preposition.
    for e in &doc.entities {
        let s = doc.slice(e.range);
        assert!(!["وال", "بال", "فال", "كال"].iter().any(|p| s.starts_with(p)), "{s}");
    }
}
