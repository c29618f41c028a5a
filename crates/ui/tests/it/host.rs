//! The web crate's [`tilbake_ui::Host`]: who is signed in, and the CSRF
//! check that every page change gets without asking for it.

use axum::http::{header, Method, Request};
use tilbake_ui::Host;

use crate::spawn_app;

fn parts(method: Method, cookie: &str, csrf: Option<&str>) -> axum::http::request::Parts {
    let mut request = Request::builder()
        .method(method)
        .uri("/a-future-form")
        .header(header::COOKIE, cookie);
    if let Some(csrf) = csrf {
        request = request.header("x-csrf-token", csrf);
    }
    request.body(()).unwrap().into_parts().0
}

#[tokio::test]
async fn a_change_signs_nobody_in_without_the_session_s_csrf_token() {
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let page = app.get("/benken", &[&session]).await;
    let csrf = page
        .text
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();

    let reading = app
        .state
        .signed_in(&parts(Method::GET, &session, None))
        .await
        .unwrap();
    assert_eq!(reading.unwrap().actor.username, "kari");
    let change_without = app
        .state
        .signed_in(&parts(Method::POST, &session, None))
        .await
        .unwrap();
    assert!(change_without.is_none());
    let change_wrong = app
        .state
        .signed_in(&parts(Method::POST, &session, Some("not-the-token")))
        .await
        .unwrap();
    assert!(change_wrong.is_none());
    let change_with = app
        .state
        .signed_in(&parts(Method::POST, &session, Some(&csrf)))
        .await
        .unwrap();
    assert_eq!(change_with.unwrap().csrf_token, csrf);

    let nobody = app
        .state
        .signed_in(&parts(Method::GET, "tilbake_session=made-up", None))
        .await
        .unwrap();
    assert!(nobody.is_none());
}
