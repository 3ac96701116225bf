#!/usr/bin/env python3
"""Choose the articles of the time-and-place evaluation set, reproducibly.

Reads ../shared/data/news/*.jsonl (never copied into the repo) and prints one
line per chosen article: corpus, id, outlet, topic, length, richness score.
The choice is a deterministic function of the data and SEED:

1. keep articles whose body is 700..1800 code points (long enough to hold
   several dates and places, short enough to annotate by hand);
2. score "richness" = count of temporal cues (months, weekdays, years,
   relative words) + count of place cues (country and major city names);
   keep articles scoring >= 8;
3. give each a topic (security / economy / politics) by keyword counts;
4. per outlet stratum, order candidates by sha256(SEED + id) and take them
   round-robin over topics until the stratum's quota is met;
5. add TIME_RICH_EXTRA articles with many temporal cues, alternating corpora,
   so that the set holds enough time expressions.

Usage: select_articles.py [--shared ../shared] > evals/time-place/articles.tsv
"""
import argparse
import hashlib
import json
import os
import re

SEED = "marsad-time-place-v1"
QUOTAS = {  # (corpus, outlet) -> number of articles
    ("ant", "BBC"): 6,
    ("ant", "CNN"): 6,
    ("ant", "france24"): 6,
    ("ant", "skynews"): 6,
    ("saudinewsnet", "aawsat"): 14,
    ("saudinewsnet", "was"): 8,
}
MIN_LEN, MAX_LEN, MIN_SCORE = 700, 1800, 8
# After the outlet strata: this many more articles rich in temporal cues
# (at least TIME_RICH_MIN of them), alternating corpora, in the same seeded order.
TIME_RICH_EXTRA, TIME_RICH_MIN = 8, 12

TIME_CUES = re.compile(
    r"يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر"
    r"|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين"
    r"|محرم|صفر|ربيع|جمادى|رجب|شعبان|رمضان|شوال|القعدة|الحجة"
    r"|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت"
    r"|أمس|اليوم|غدا|الماضي|المقبل|القادم|الحالي|عام|سنة|شهر|أسبوع|ساعة|يوم"
    r"|\b(?:19|20)\d\d\b|[١٢][٠-٩]{3}"
)
PLACE_CUES = re.compile(
    r"العراق|سوريا|سورية|مصر|السعودية|اليمن|لبنان|الأردن|فلسطين|إسرائيل|إيران|تركيا|ليبيا|تونس|الجزائر|المغرب"
    r"|قطر|الإمارات|الكويت|البحرين|عمان|السودان|روسيا|الولايات المتحدة|واشنطن|موسكو|بغداد|دمشق|القاهرة|الرياض"
    r"|بيروت|عمّان|طهران|أنقرة|إسطنبول|غزة|القدس|صنعاء|عدن|الموصل|حلب|إدلب|درعا|جدة|مكة|المدينة|لندن|باريس"
)
TOPICS = {
    "security": r"قتل|هجوم|قصف|غارة|عسكري|مسلح|انفجار|اشتباك|إرهاب|داعش|الجيش|صاروخ",
    "economy": r"اقتصاد|نفط|أسعار|استثمار|مليار|مليون|بنك|تجار|سوق|ميزانية|صادرات|شركة",
    "politics": r"رئيس|وزير|انتخاب|حكومة|برلمان|مفاوضات|اتفاق|قمة|سفير|حزب",
}


def load(shared):
    news = os.path.join(shared, "data", "news")
    with open(os.path.join(news, "ant-middle-east-2018.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            yield "ant", d["src"], d["docno"], d["text"]
    with open(os.path.join(news, "saudinewsnet-2015-aawsat-spa.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            yield "saudinewsnet", d["source"], d["url"], d["content"]


def topic_of(text):
    counts = {t: len(re.findall(p, text)) for t, p in TOPICS.items()}
    return max(sorted(counts), key=lambda t: counts[t])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    args = ap.parse_args()
    strata = {}
    seen_texts = set()
    for corpus, outlet, ident, text in load(args.shared):
        if (corpus, outlet) not in QUOTAS or not (MIN_LEN <= len(text) <= MAX_LEN):
            continue
        key = text.strip()[:200]
        if key in seen_texts:  # the corpora hold near-duplicate reposts
            continue
        seen_texts.add(key)
        time_cues = len(TIME_CUES.findall(text))
        score = time_cues + len(PLACE_CUES.findall(text))
        if score < MIN_SCORE:
            continue
        rank = hashlib.sha256((SEED + ident).encode("utf-8")).hexdigest()
        strata.setdefault((corpus, outlet), []).append(
            (rank, corpus, outlet, ident, topic_of(text), len(text), score, time_cues)
        )
    print("# corpus\tid\toutlet\ttopic\tlength\trichness")
    taken = set()
    for stratum in sorted(QUOTAS):
        cands = sorted(strata.get(stratum, []))
        by_topic = {t: [c for c in cands if c[4] == t] for t in sorted(TOPICS)}
        chosen = []
        while len(chosen) < QUOTAS[stratum] and any(by_topic.values()):
            for t in sorted(TOPICS):
                if by_topic[t] and len(chosen) < QUOTAS[stratum]:
                    chosen.append(by_topic[t].pop(0))
        for _, corpus, outlet, ident, topic, length, score, _ in chosen:
            taken.add(ident)
            print(f"{corpus}\t{ident}\t{outlet}\t{topic}\t{length}\t{score}")
    rich = {c: sorted(x for s in strata.values() for x in s
                      if x[1] == c and x[3] not in taken and x[7] >= TIME_RICH_MIN)
            for c in ("ant", "saudinewsnet")}
    for i in range(TIME_RICH_EXTRA):
        pool = rich["ant" if i % 2 == 0 else "saudinewsnet"]
        if pool:
            _, corpus, outlet, ident, topic, length, score, _ = pool.pop(0)
            print(f"{corpus}\t{ident}\t{outlet}\t{topic}\t{length}\t{score}")


if __name__ == "__main__":
    main()
