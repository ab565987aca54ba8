use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = factbot::cli::Cli::parse();
    match factbot::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            factbot::cli::print_error(&e);
            std::process::exit(1);
        }
    }
}
