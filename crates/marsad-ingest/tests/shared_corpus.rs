//! Both real news corpora in `../shared` read with no errors and a date for
//! every article. Skipped (with a message) where the data is absent.

use marsad_ingest::{read_file, ReadOptions};
use std::path::Path;

#[test]
fn both_news_corpora_read_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news");
    let corpora = [("ant-middle-east-2018.jsonl", 7098), ("saudinewsnet-2015-aawsat-spa.jsonl", 3316)];
    for (name, expected) in corpora {
        let path = dir.join(name);
        if !path.exists() {
            println!("skipped: {} is absent", path.display());
            continue;
        }
        let mut articles = 0;
        let mut errors = Vec::new();
        let mut undated = Vec::new();
        for result in read_file(&path, &ReadOptions::default()) {
            match result {
                Ok(a) => {
                    articles += 1;
                    if a.date.is_none() {
                        undated.push(a.input.to_string());
                    }
                    assert!(a.title.is_some(), "{}: no title", a.input);
                    assert!(a.url.is_some(), "{}: no url", a.input);
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
        assert!(errors.is_empty(), "{name}: {} errors, first: {:?}", errors.len(), errors.first());
        assert!(undated.is_empty(), "{name}: {} undated, first: {:?}", undated.len(), undated.first());
        assert_eq!(articles, expected, "{name}");
        println!("{name}: {articles} articles, all dated");
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A news page as outlets build them: navigation, header, share widgets, a
/// "read also" aside with other headlines, a newsletter form, a footer, and
/// the article's paragraphs in between.
fn synthetic_page(title: &str, paragraphs: &[&str], others: &[String]) -> String {
    let nav: String =
        others.iter().map(|t| format!("<li><a href=\"/n\">{}</a></li>", escape_html(t))).collect();
    let body: String = paragraphs.iter().map(|p| format!("<p>{}</p>\n", escape_html(p))).collect();
    format!(
        "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{t} - موقع</title>\
         <meta property=\"og:title\" content=\"{t}\"><script>var x = 1;</script></head><body>\
         <header><a href=\"/\">الرئيسية</a> <a href=\"/w\">العالم</a> <a href=\"/e\">اقتصاد</a></header>\
         <nav><ul>{nav}</ul></nav><div class=\"page\"><article><h1>{t}</h1>\
         <div class=\"social-share\"><a href=\"#\">فيسبوك</a> <a href=\"#\">تويتر</a></div>\
         <div class=\"story-body\">{body}</div></article>\
         <aside><h3>اقرأ أيضا</h3><ul>{nav}</ul></aside></div>\
         <form><input name=\"q\"><button>بحث</button></form><footer>حقوق النشر محفوظة</footer></body></html>",
        t = escape_html(title)
    )
}

/// The same, built the way many sites are: only `<div>`s, no semantic
/// elements or ARIA roles, so boilerplate is found by readability's scoring.
fn div_soup_page(title: &str, paragraphs: &[&str], others: &[String]) -> String {
    let links: String = others
        .iter()
        .map(|t| format!("<div class=\"item\"><a href=\"/n\">{}</a></div>", escape_html(t)))
        .collect();
    let body: String = paragraphs.iter().map(|p| format!("<p>{}</p>\n", escape_html(p))).collect();
    format!(
        "<html><head><title>{t}</title></head><body>\
         <div id=\"top\" class=\"menu\">{links}</div>\
         <div class=\"container\"><div class=\"main-col\"><div class=\"headline\"><h1>{t}</h1></div>\
         <div class=\"byline\">بقلم: مراسلنا</div>\
         <div class=\"content\">{body}</div>\
         <div class=\"tags\"><a href=\"/t/1\">سياسة</a> <a href=\"/t/2\">الشرق الأوسط</a></div></div>\
         <div class=\"side-col\"><div class=\"most-read\"><h3>الأكثر قراءة</h3>{links}</div></div></div>\
         <div class=\"bottom\">جميع الحقوق محفوظة</div></body></html>",
        t = escape_html(title)
    )
}

/// Main-text extraction measured on real Arabic article text laid out in a
/// synthetic page: the extracted paragraphs must be the article's, no more,
/// no fewer. Prints the exact-match rate.
#[test]
fn html_extraction_recovers_real_article_paragraphs() {
    check_extraction("semantic", synthetic_page, 0.95);
    check_extraction("div-soup", div_soup_page, 0.9);
}

fn check_extraction(layout: &str, build: fn(&str, &[&str], &[String]) -> String, min_rate: f64) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news/ant-middle-east-2018.jsonl");
    let Ok(corpus) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };
    let records: Vec<serde_json::Value> =
        corpus.lines().take(300).map(|line| serde_json::from_str(line).unwrap()).collect();
    let titles: Vec<String> = records.iter().map(|r| r["title"].as_str().unwrap_or("").to_string()).collect();
    let (mut exact, mut total, mut missing, mut extra) = (0, 0, 0usize, 0usize);
    let mut first_miss = None;
    for (i, record) in records.iter().enumerate() {
        let text = record["text"].as_str().unwrap_or("");
        let paragraphs: Vec<&str> = text.lines().map(str::trim).filter(|p| !p.is_empty()).collect();
        if paragraphs.is_empty() {
            continue;
        }
        let others: Vec<String> = (1..=6).map(|k| titles[(i + k * 7) % titles.len()].clone()).collect();
        let page = build(&titles[i], &paragraphs, &others);
        total += 1;
        let results = marsad_ingest::read_bytes("page.html", page.as_bytes(), &ReadOptions::default());
        let got: Vec<String> = match &results[0] {
            Ok(article) => article
                .text
                .split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect(),
            Err(_) => Vec::new(),
        };
        let want: Vec<String> =
            paragraphs.iter().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        missing += want.iter().filter(|p| !got.contains(p)).count();
        extra += got.iter().filter(|p| !want.contains(p)).count();
        if got == want {
            exact += 1;
        } else if first_miss.is_none() {
            first_miss =
                Some((i, got.iter().filter(|p| !want.contains(p)).take(2).cloned().collect::<Vec<_>>()));
        }
    }
    let rate = exact as f64 / total.max(1) as f64;
    println!(
        "HTML extraction, {layout} layout, {total} pages of real article text: {exact} exact ({:.1}%), {missing} paragraphs missed, {extra} extra; first miss: {first_miss:?}",
        rate * 100.0
    );
    assert!(rate >= min_rate, "{layout}: exact-match rate {rate:.3}; first miss: {first_miss:?}");
}
