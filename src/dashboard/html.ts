/**
 * Server-rendered HTML for the dashboard: a tagged template that escapes every interpolated value unless it is
 * already {@link Html}, and the page layout. No build step: the styles and the small script are served as they are.
 */

/** Markup that is safe to insert as it is (built by {@link html} or {@link raw}). */
export class Html {
  public constructor(public readonly text: string) {}
  public toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );
}

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map((item: Value) => render(item)).join('');
  return escapeHtml(String(value));
}

/** `html\`<p>${text}</p>\``: every value escaped, arrays joined, null/undefined/false left out. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let text = strings[0]!;
  values.forEach((value, index) => (text += render(value) + strings[index + 1]!));
  return new Html(text);
}

/** Markup the caller vouches for (never user input). */
export function raw(text: string): Html {
  return new Html(text);
}

export interface PageUser {
  id: string;
  username: string;
}

export interface LayoutOptions {
  title: string;
  user?: PageUser;
  /** The session's CSRF token: forms and the script send it with every change. */
  csrf?: string;
  /** Links of the server being managed, shown as a side menu. */
  nav?: readonly { href: string; label: string; current?: boolean }[];
  /** A message shown at the top (after a change). */
  notice?: { kind: 'ok' | 'error'; text: string };
}

export function layout(options: LayoutOptions, body: Html): string {
  const { user, csrf, nav, notice } = options;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${csrf ? html`<meta name="csrf-token" content="${csrf}" />` : ''}
        <title>${options.title} · Bot dashboard</title>
        <link rel="stylesheet" href="/assets/dashboard.css" />
        <script src="/assets/dashboard.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/">Bot dashboard</a>
          ${
            user
              ? html`<form method="post" action="/logout" class="logout">
                  <input type="hidden" name="_csrf" value="${csrf ?? ''}" />
                  <span class="who">Logged in as <strong>${user.username}</strong></span>
                  <button type="submit">Log out</button>
                </form>`
              : ''
          }
        </header>
        <div class="frame">
          ${
            nav?.length
              ? html`<nav class="side" aria-label="Server sections">
                  <ul>
                    ${nav.map(
                      (item) =>
                        html`<li>
                          <a href="${item.href}" ${item.current ? raw('aria-current="page"') : ''}>${item.label}</a>
                        </li>`,
                    )}
                  </ul>
                </nav>`
              : ''
          }
          <main id="main">
            ${notice ? html`<p class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</p>` : ''}
            ${body}
          </main>
        </div>
      </body>
    </html>`.text;
}

export const DASHBOARD_CSS = `
:root{--bg:#313338;--panel:#2b2d31;--panel2:#1e1f22;--text:#f2f3f5;--muted:#b5bac1;--accent:#5865f2;--ok:#248046;--err:#fa777c;--err-bg:#4a1d1f}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--text);line-height:1.45}
a{color:#8ea1ff}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem;z-index:10}
.top{display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap;padding:.75rem 1rem;background:var(--panel2)}
.brand{color:var(--text);font-weight:700;text-decoration:none;font-size:1.1rem}
.logout{display:flex;align-items:center;gap:.75rem;margin:0}.who{color:var(--muted)}
.frame{display:flex;gap:1rem;max-width:72rem;margin:0 auto;padding:1rem}
.side{flex:0 0 13rem}.side ul{list-style:none;margin:0;padding:0;display:grid;gap:.25rem}
.side a{display:block;padding:.45rem .7rem;border-radius:4px;color:var(--text);text-decoration:none}
.side a:hover,.side a[aria-current=page]{background:var(--panel)}
main{flex:1;min-width:0}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card{background:var(--panel);border-radius:8px;padding:1rem;margin-bottom:1rem}
ul.grid,ul.plugins{list-style:none;padding:0;margin:0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem}
.server{display:flex;flex-direction:column;gap:.5rem}
.muted{color:var(--muted)}
button,.button{display:inline-block;padding:.5rem 1rem;border:0;border-radius:4px;background:var(--accent);color:#fff;font-size:.95rem;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#4e5058}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #fff;outline-offset:2px}
.notice{padding:.6rem .8rem;border-radius:4px}.notice.ok{background:#1f3b2a}.notice.error{background:var(--err-bg)}
table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.45rem;border-bottom:1px solid #3f4147;vertical-align:top}
.table-wrap{overflow-x:auto}
.plugin{display:flex;justify-content:space-between;align-items:flex-start;gap:1rem;flex-wrap:wrap}
.plugin form{margin:0}
.state{font-weight:600}.state.on{color:#57f287}.state.off{color:var(--muted)}
.field{display:grid;gap:.3rem;margin-bottom:1rem}
.field label{font-weight:600}.field .hint{color:var(--muted);font-size:.9rem}
input[type=text],input[type=number],input[type=search],select,textarea{width:100%;max-width:32rem;padding:.5rem;border-radius:4px;border:1px solid #1e1f22;background:var(--panel2);color:var(--text);font:inherit}
select[multiple]{min-height:7rem}
textarea{min-height:6rem;font-family:ui-monospace,monospace}
.check{display:flex;align-items:center;gap:.5rem}
.error-text{color:var(--err);font-weight:600}
[aria-invalid=true]{border-color:var(--err)!important}
@media (max-width:700px){.frame{flex-direction:column}.side{flex:none}.side ul{grid-auto-flow:column;overflow-x:auto}}
`;

/**
 * The dashboard's only script: confirms dangerous forms and keeps the CSRF token on forms built in the page. Every
 * page works without it (plain forms posting back).
 */
export const DASHBOARD_JS = `
document.addEventListener('submit', function (event) {
  var form = event.target;
  var question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});
`;
