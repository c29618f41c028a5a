//! `tilbake admin`: accounts for people (`user add`) and API tokens for
//! system clients (`token add`).
//!
//! Every value is checked before the database is touched: a unit is 4
//! digits, organisation and identity numbers have their check digits, and
//! each role gets what it is tied to (a caseworker a unit, a manager an
//! employer, a worker a person).

use std::io::Read;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use tilbake_domain::access::Role;
use tilbake_domain::events::SubscriberOwner;
use tilbake_domain::guidance::{SessionPlan, SessionPlanError};
use tilbake_domain::identity::{Fnr, Orgnr, UnitCode};
use tilbake_store::{CareerCentre, NewUser, StoreError};
use tilbake_web::{check_webhook_url, hash_password, new_token, token_hash, Clock};

use crate::serve_command::{run_async, DbArgs};

/// The longest username and token name accepted.
const MAX_NAME_CHARS: usize = 100;

#[derive(Args, Debug)]
pub struct AdminArgs {
    #[command(subcommand)]
    command: AdminCommand,
}

#[derive(Subcommand, Debug)]
enum AdminCommand {
    /// Accounts of people who sign in.
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens of system clients.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Career centres, whose counsellors give guidance.
    #[command(subcommand)]
    Centre(CentreCommand),
    /// Supported Employment providers, whose job specialists and method
    /// supervisors follow participants.
    #[command(subcommand)]
    Provider(ProviderCommand),
    /// Webhook subscribers: systems that receive the events of their owner's people.
    #[command(subcommand)]
    Webhook(WebhookCommand),
    /// Employers' names, shown on the pages instead of bare numbers.
    #[command(subcommand)]
    Employer(EmployerCommand),
}

#[derive(Subcommand, Debug)]
enum EmployerCommand {
    /// Set an employer's name, as the register of legal entities has it.
    Name(EmployerNameArgs),
}

#[derive(Args, Debug)]
struct EmployerNameArgs {
    /// The employer's organisation number (9 digits).
    #[arg(long, value_name = "ORGNR", value_parser = parse_orgnr)]
    orgnr: Orgnr,
    /// The employer's name.
    #[arg(long, value_parser = parse_name)]
    name: String,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Subcommand, Debug)]
enum WebhookCommand {
    /// Register a subscriber; its signing secret is printed once, alone on the last line.
    Add(WebhookAddArgs),
    /// List the subscribers and how far each has come.
    List(WebhookListArgs),
    /// A subscriber's delivery log, newest first.
    Log(WebhookLogArgs),
}

#[derive(Args, Debug)]
struct WebhookAddArgs {
    /// Who owns it: employer:ORGNR (an HR system), career_centre:ORGNR or se_provider:ORGNR.
    #[arg(long, value_name = "KIND:ORGNR", value_parser = parse_owner)]
    owner: SubscriberOwner,
    /// Where events are posted: http:// or https:// (https through a TLS-terminating proxy).
    #[arg(long, value_parser = parse_url)]
    url: String,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args, Debug)]
struct WebhookListArgs {
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args, Debug)]
struct WebhookLogArgs {
    /// The subscriber's id (from `webhook add` or `webhook list`).
    #[arg(long)]
    id: i64,
    /// The most attempts listed.
    #[arg(long, default_value_t = 50)]
    limit: u32,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Subcommand, Debug)]
enum ProviderCommand {
    /// Add a Supported Employment provider, or change its name.
    Add(ProviderAddArgs),
}

#[derive(Args, Debug)]
struct ProviderAddArgs {
    /// The provider's organisation number (9 digits).
    #[arg(long, value_name = "ORGNR", value_parser = parse_orgnr)]
    orgnr: Orgnr,
    /// The provider's name as people know it.
    #[arg(long, value_parser = parse_name)]
    name: String,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Subcommand, Debug)]
enum CentreCommand {
    /// Add a career centre, or change its name and session plan.
    Add(CentreAddArgs),
}

#[derive(Args, Debug)]
struct CentreAddArgs {
    /// The centre's organisation number (9 digits).
    #[arg(long, value_name = "ORGNR", value_parser = parse_orgnr)]
    orgnr: Orgnr,
    /// The centre's name as people know it.
    #[arg(long, value_parser = parse_name)]
    name: String,
    /// How many guidance sessions the centre plans (1 to 12).
    #[arg(long, default_value_t = 3)]
    sessions: i64,
    /// Days between the planned sessions (1 to 90).
    #[arg(long, default_value_t = 14)]
    spacing_days: i64,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add(UserAddArgs),
}

#[derive(Subcommand, Debug)]
enum TokenCommand {
    /// Create an API token (role system); it is printed once, alone on the last line.
    Add(TokenAddArgs),
}

#[derive(Args, Debug)]
struct UserAddArgs {
    #[arg(long, value_parser = parse_name)]
    username: String,
    /// caseworker, manager, worker, gp, counsellor, job_specialist,
    /// se_supervisor or admin.
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// The NAV office of a caseworker: 4 digits.
    #[arg(long, value_name = "CODE", value_parser = parse_unit)]
    unit: Option<UnitCode>,
    /// The employer of a manager, the career centre of a counsellor, or the
    /// Supported Employment provider of a job specialist or method
    /// supervisor: a 9-digit organisation number.
    #[arg(long, value_name = "ORGNR", value_parser = parse_orgnr)]
    employer: Option<Orgnr>,
    /// The worker's own national identity number (11 digits).
    #[arg(long, value_name = "FNR", value_parser = parse_fnr)]
    person: Option<Fnr>,
    /// The certifier id a GP signs certificates with (`gp` on documents); the username when not given.
    #[arg(long, value_name = "ID", value_parser = parse_name)]
    gp_id: Option<String>,
    /// May see persons with a protected address.
    #[arg(long)]
    protected_address_access: bool,
    /// Read the password from standard input (its first line).
    #[arg(long, required = true)]
    password_stdin: bool,
    /// Where notification e-mails go (they say only that something waits).
    #[arg(long, value_name = "ADDRESS", value_parser = parse_email)]
    email: Option<String>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args, Debug)]
struct TokenAddArgs {
    /// The system client's name (shown in the audit log).
    #[arg(long, value_parser = parse_name)]
    name: String,
    #[command(flatten)]
    db: DbArgs,
}

fn parse_owner(text: &str) -> Result<SubscriberOwner, String> {
    SubscriberOwner::parse(text).ok_or_else(|| {
        format!(
            "give KIND:ORGNR with KIND one of {} and a 9-digit organisation number with its check digit",
            SubscriberOwner::KINDS.join(", ")
        )
    })
}

fn parse_url(text: &str) -> Result<String, String> {
    check_webhook_url(text).map(|()| text.to_owned())
}

/// An e-mail address: something@domain, no spaces, at most 254 characters.
fn parse_email(text: &str) -> Result<String, String> {
    let valid = text.len() <= 254
        && !text.chars().any(char::is_whitespace)
        && text.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
        });
    if valid {
        Ok(text.to_owned())
    } else {
        Err("give an e-mail address such as kari@example.no".to_owned())
    }
}

fn parse_name(text: &str) -> Result<String, String> {
    if text.trim().is_empty()
        || text.chars().count() > MAX_NAME_CHARS
        || text.chars().any(char::is_control)
    {
        return Err(format!(
            "give 1 to {MAX_NAME_CHARS} characters, no control characters"
        ));
    }
    Ok(text.to_owned())
}

fn parse_role(text: &str) -> Result<Role, String> {
    let people: Vec<&str> = Role::ALL
        .iter()
        .filter(|role| **role != Role::System)
        .map(|role| role.as_str())
        .collect();
    match Role::parse(text) {
        Some(Role::System) => {
            Err("system clients get a token: use `tilbake admin token add --name NAME`".to_owned())
        }
        Some(role) => Ok(role),
        None => Err(format!("give one of {}", people.join(", "))),
    }
}

fn parse_unit(text: &str) -> Result<UnitCode, String> {
    UnitCode::parse(text).map_err(|_| "give the 4-digit code of a NAV office, e.g. 0301".to_owned())
}

fn parse_orgnr(text: &str) -> Result<Orgnr, String> {
    let orgnr = Orgnr::parse(text).map_err(|error| {
        format!("not an organisation number ({error}); give 9 digits, e.g. 910000004")
    })?;
    // All zeros has a valid check digit, yet no organisation has it (the
    // service refuses it on documents too).
    if text.bytes().all(|digit| digit == b'0') {
        return Err(
            "000000000 is no organisation's number; give a real one, e.g. 910000004".to_owned(),
        );
    }
    Ok(orgnr)
}

fn parse_fnr(text: &str) -> Result<Fnr, String> {
    Fnr::parse(text).map_err(|error| {
        format!("not a national identity number ({error}); give 11 digits, e.g. 15438510092")
    })
}

pub fn run(args: &AdminArgs) -> ExitCode {
    match &args.command {
        AdminCommand::User(UserCommand::Add(args)) => run_async("admin user add", add_user(args)),
        AdminCommand::Token(TokenCommand::Add(args)) => {
            run_async("admin token add", add_token(args))
        }
        AdminCommand::Webhook(WebhookCommand::Add(args)) => {
            run_async("admin webhook add", add_webhook(args))
        }
        AdminCommand::Webhook(WebhookCommand::List(args)) => {
            run_async("admin webhook list", list_webhooks(args))
        }
        AdminCommand::Webhook(WebhookCommand::Log(args)) => {
            run_async("admin webhook log", webhook_log(args))
        }
        AdminCommand::Centre(CentreCommand::Add(args)) => {
            run_async("admin centre add", add_centre(args))
        }
        AdminCommand::Provider(ProviderCommand::Add(args)) => {
            run_async("admin provider add", add_provider(args))
        }
        AdminCommand::Employer(EmployerCommand::Name(args)) => {
            run_async("admin employer name", name_employer(args))
        }
    }
}

/// Checks that the role has what it is tied to, and nothing that belongs to another role.
fn check_role_requirements(args: &UserAddArgs) -> anyhow::Result<()> {
    match args.role {
        Role::Caseworker if args.unit.is_none() => {
            bail!("a caseworker needs --unit CODE, the 4-digit code of their NAV office")
        }
        Role::Manager if args.employer.is_none() => {
            bail!("a manager needs --employer ORGNR, the organisation number of their employer")
        }
        Role::Worker if args.person.is_none() => {
            bail!("a worker needs --person FNR, their own national identity number")
        }
        Role::SeSupervisor if args.employer.is_none() => {
            bail!(
                "a method supervisor needs --employer ORGNR, the organisation number of their \
                 Supported Employment provider"
            )
        }
        _ => {}
    }
    if args.unit.is_some() && args.role != Role::Caseworker {
        bail!(
            "--unit is for caseworkers only; leave it out for role {}",
            args.role.as_str()
        );
    }
    if args.employer.is_some()
        && !matches!(
            args.role,
            Role::Manager | Role::Counsellor | Role::JobSpecialist | Role::SeSupervisor
        )
    {
        bail!(
            "--employer is for managers, counsellors, job specialists and method supervisors \
             only; leave it out for role {}",
            args.role.as_str()
        );
    }
    if args.person.is_some() && args.role != Role::Worker {
        bail!(
            "--person is for workers only; leave it out for role {}",
            args.role.as_str()
        );
    }
    if args.gp_id.is_some() && args.role != Role::Gp {
        bail!(
            "--gp-id is for GPs only; leave it out for role {}",
            args.role.as_str()
        );
    }
    Ok(())
}

/// The first line of standard input, without its line ending.
fn read_password() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("cannot read the password from standard input")?;
    let password = input.lines().next().unwrap_or_default().to_owned();
    if password.is_empty() {
        bail!("no password on standard input; pipe it in, e.g. `printf '%s\\n' \"$PASSWORD\" | tilbake admin user add … --password-stdin`");
    }
    Ok(password)
}

async fn add_user(args: &UserAddArgs) -> anyhow::Result<ExitCode> {
    check_role_requirements(args)?;
    let password = read_password()?;
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .context("hashing the password failed")?;
    let user = NewUser {
        username: args.username.clone(),
        password_hash,
        role: args.role,
        unit: args.unit,
        employer: args.employer,
        person: args.person,
        // A GP signs with their username unless told otherwise.
        gp_id: args
            .gp_id
            .clone()
            .or_else(|| (args.role == Role::Gp).then(|| args.username.clone())),
        protected_address_access: args.protected_address_access,
    };
    let store = args.db.open().await?;
    match store.create_user(&user, Clock::System.now()).await {
        Ok(_) => {
            if let Some(email) = &args.email {
                #[allow(clippy::disallowed_methods)] // the operator at the command line
                let operator = tilbake_store::Actor::command_line("admin user add");
                store
                    .set_user_email(&operator, &args.username, email, Clock::System.now())
                    .await
                    .context("cannot save the e-mail address")?;
            }
            println!(
                "created user {} with role {}",
                args.username,
                args.role.as_str()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::Conflict(_)) => {
            bail!("the username {} is taken; choose another", args.username)
        }
        Err(error) => Err(error).context("cannot create the user"),
    }
}

async fn add_token(args: &TokenAddArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open().await?;
    let token = new_token();
    match store
        .create_api_token(&args.name, &token_hash(&token), Clock::System.now())
        .await
    {
        Ok(()) => {
            println!(
                "created API token {} (role system); it is shown only this once:",
                args.name
            );
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::Conflict(_)) => {
            bail!("a token named {} exists; choose another name", args.name)
        }
        Err(error) => Err(error).context("cannot create the token"),
    }
}

#[allow(clippy::disallowed_methods)] // the operator at the command line
fn operator(command: &str) -> tilbake_store::Actor {
    tilbake_store::Actor::command_line(command)
}

async fn add_webhook(args: &WebhookAddArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open().await?;
    let secret = new_token();
    let webhook = store
        .register_webhook(
            &operator("admin webhook add"),
            args.owner,
            &args.url,
            &secret,
            Clock::System.now(),
        )
        .await
        .context("cannot register the webhook")?;
    println!(
        "registered webhook {} for {}:{} at {}; it gets the events from now on. \
         Its signing secret is shown only this once:",
        webhook.webhook_id,
        args.owner.kind_str(),
        args.owner.organisation(),
        args.url
    );
    println!("{secret}");
    Ok(ExitCode::SUCCESS)
}

async fn list_webhooks(args: &WebhookListArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open().await?;
    let webhooks = store
        .list_webhooks(&operator("admin webhook list"), Clock::System.now())
        .await
        .context("cannot list the webhooks")?;
    for webhook in &webhooks {
        println!(
            "{}\t{}:{}\t{}\tdelivered through {}\tfailures {}",
            webhook.webhook_id,
            webhook.owner.kind_str(),
            webhook.owner.organisation(),
            webhook.url,
            webhook.delivered_through,
            webhook.failures
        );
    }
    if webhooks.is_empty() {
        println!("no webhooks; add one with `tilbake admin webhook add --owner employer:ORGNR --url URL`");
    }
    Ok(ExitCode::SUCCESS)
}

async fn webhook_log(args: &WebhookLogArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open().await?;
    let deliveries = match store
        .delivery_log(
            &operator("admin webhook log"),
            args.id,
            args.limit,
            Clock::System.now(),
        )
        .await
    {
        Err(StoreError::NotFound) => bail!(
            "there is no webhook {}; see `tilbake admin webhook list`",
            args.id
        ),
        other => other.context("cannot read the delivery log")?,
    };
    for delivery in &deliveries {
        println!(
            "{}\tevents {}-{} ({})\tattempt {}\t{}\t{}",
            delivery.at,
            delivery.first_position,
            delivery.last_position,
            delivery.n_events,
            delivery.attempt,
            if delivery.succeeded {
                "delivered"
            } else {
                "failed"
            },
            delivery.status.map_or_else(
                || delivery.error.clone().unwrap_or_default(),
                |status| format!("HTTP {status}")
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn add_centre(args: &CentreAddArgs) -> anyhow::Result<ExitCode> {
    let plan = SessionPlan::new(args.sessions, args.spacing_days).map_err(|error| match error {
        SessionPlanError::Count => anyhow::anyhow!("--sessions {error}"),
        SessionPlanError::Spacing => anyhow::anyhow!("--spacing-days {error}"),
    })?;
    let store = args.db.open().await?;
    #[allow(clippy::disallowed_methods)] // the operator at the command line
    let operator = tilbake_store::Actor::command_line("admin centre add");
    let centre = CareerCentre {
        orgnr: args.orgnr,
        name: args.name.clone(),
        plan,
        counsellors: Vec::new(),
    };
    store
        .put_centre(&operator, &centre, Clock::System.now())
        .await
        .context("cannot save the career centre")?;
    println!(
        "career centre {} ({}): {} sessions, {} days apart; add its counsellors with \
         `tilbake admin user add --role counsellor --employer {}`",
        args.name,
        args.orgnr,
        plan.count(),
        plan.spacing_days(),
        args.orgnr
    );
    Ok(ExitCode::SUCCESS)
}

async fn add_provider(args: &ProviderAddArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open().await?;
    #[allow(clippy::disallowed_methods)] // the operator at the command line
    let operator = tilbake_store::Actor::command_line("admin provider add");
    match store
        .put_provider(&operator, &args.orgnr, &args.name, Clock::System.now())
        .await
    {
        Ok(()) => {}
        Err(StoreError::Invalid { message, .. }) => bail!("--orgnr: {message}"),
        Err(error) => return Err(error).context("cannot save the provider"),
    }
    println!(
        "Supported Employment provider {} ({}); add its people with \
         `tilbake admin user add --role job_specialist --employer {}` \
         (or --role se_supervisor)",
        args.name, args.orgnr, args.orgnr
    );
    Ok(ExitCode::SUCCESS)
}

async fn name_employer(args: &EmployerNameArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open().await?;
    #[allow(clippy::disallowed_methods)] // the operator at the command line
    let operator = tilbake_store::Actor::command_line("admin employer name");
    match store
        .set_employer_name(&operator, &args.orgnr, &args.name, Clock::System.now())
        .await
    {
        Ok(()) => {}
        Err(StoreError::Invalid { message, .. }) => bail!("--name: {message}"),
        Err(error) => return Err(error).context("cannot save the employer's name"),
    }
    println!("employer {} is named {}", args.orgnr, args.name);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_those_of_the_contract_and_system_gets_a_token_instead() {
        assert_eq!(parse_role("job_specialist"), Ok(Role::JobSpecialist));
        assert!(parse_role("system").unwrap_err().contains("token add"));
        assert!(parse_role("boss")
            .unwrap_err()
            .contains("caseworker, manager, worker"));
    }

    #[test]
    fn numbers_are_checked_with_their_check_digits() {
        assert!(parse_unit("0301").is_ok());
        assert!(parse_unit("301").is_err());
        assert!(parse_orgnr("910000004").is_ok());
        assert!(parse_orgnr("910000005").is_err());
        assert!(parse_orgnr("000000000")
            .unwrap_err()
            .contains("no organisation"));
        assert!(parse_fnr("15438510092").is_ok());
        assert!(parse_fnr("15438510093").is_err());
    }
}
