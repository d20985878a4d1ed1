/**
 * The sign-in page served at `/` while signed out: a plain HTML form that posts to `login`. No script
 * at all, so it works under the strict CSP; messages are HTML-escaped.
 */

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

export type LoginNotice = "failed" | "wait" | null;

/** `provider`: sign-in goes through this OpenID Connect provider, so the page shows a button instead of the form. */
export function loginPage(options: {
  title: string;
  authMessage?: string | null;
  notice?: LoginNotice;
  provider?: string;
}): string {
  const notice =
    options.notice === "failed"
      ? "Incorrect username or password."
      : options.notice === "wait"
        ? "Too many attempts. Please wait a moment and try again."
        : null;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Sign in · ${escapeHtml(options.title)}</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f6f7f9; color: #1f2328; margin: 0; display: flex; min-height: 100vh; align-items: center; justify-content: center; }
  main { background: #fff; border: 1px solid #d0d7de; border-radius: 12px; padding: 2rem; width: min(22rem, 90vw); box-shadow: 0 1px 3px rgba(0,0,0,.06); }
  h1 { font-size: 1.25rem; margin: 0 0 1rem; }
  label { display: block; font-size: .875rem; margin: .75rem 0 .25rem; }
  input { width: 100%; box-sizing: border-box; padding: .5rem .625rem; border: 1px solid #d0d7de; border-radius: 6px; font-size: 1rem; }
  .button { display: block; text-align: center; text-decoration: none; box-sizing: border-box; }
  button, .button { margin-top: 1.25rem; width: 100%; padding: .6rem; border: 0; border-radius: 6px; background: #f97316; color: #fff; font-size: 1rem; cursor: pointer; }
  .message { font-size: .9rem; color: #57606a; margin: 0 0 .5rem; white-space: pre-wrap; }
  .error { color: #cf222e; font-size: .9rem; margin: .5rem 0 0; }
</style>
</head>
<body>
<main>
<h1>Sign in</h1>
${options.authMessage ? `<p class="message">${escapeHtml(options.authMessage)}</p>\n` : ""}${
    options.provider !== undefined
      ? `<a class="button" href="login">Sign in with ${escapeHtml(options.provider)}</a>\n`
      : `<form method="post" action="login" autocomplete="on">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
${notice ? `<p class="error" role="alert">${escapeHtml(notice)}</p>\n` : ""}<button type="submit">Sign in</button>
</form>
`
  }</main>
</body>
</html>
`;
}
