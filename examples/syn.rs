fn main() {
    let th = factbot::language::thesaurus::Thesaurus::bundled();
    for w in std::env::args().skip(1) {
        let k = factbot::language::thesaurus::Thesaurus::key_of(&w);
        let syn: Vec<&str> = th.synonyms(&k).iter().map(|&i| th.name(i)).collect();
        let br: Vec<&str> = th.broader(&k).iter().map(|&i| th.name(i)).collect();
        let ant: Vec<&str> = th.antonyms(&k).iter().map(|&i| th.name(i)).collect();
        println!(
            "{w} [{k}] class={:?} syn={syn:?} broader={br:?} ant={ant:?}",
            th.class(&k)
        );
    }
}
