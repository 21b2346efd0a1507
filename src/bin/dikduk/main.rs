//! The `dikduk` command-line tool. PLACEHOLDER: reads stdin, prints the JSON document.
use std::io::Read;

fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).expect("stdin");
    let doc = dikduk::annotate(&s, &dikduk::Options::default());
    println!("{}", serde_json::to_string(&doc).unwrap());
}
