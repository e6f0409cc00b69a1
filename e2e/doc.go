// Package e2e holds motcua's browser tests: a real motcua site on a loopback port, driven by
// Debian's Chromium through chromedp, the way a citizen on a phone and an officer at a counter
// use it. The package has tests only.
//
// The tests need the chromium binary on the PATH. Without it they are skipped, except in CI
// (CI=true), where a missing browser fails them: .ci/run installs Chromium and checks that at
// least one browser test passed (every test is named TestBrowser…). Screenshots at 360 px wide
// are written to docs/screenshots/.
//
// The tests: search without diacritics and with a typo, a form error next to its field and in
// the error summary, screenshots of the home page, inboxes and kiosk, and the whole journey of a
// dossier (TestBrowserFullJourney): online submission with two files through a real OpenID
// Connect provider, intake, every processing step, the clerk, the counter's return, the
// citizen's view and the rating on the counter's kiosk. TestBrowserAccessibility runs axe-core
// (testdata/axe.min.js: axe-core 4.14.1 from npm, MPL-2.0; see testdata/README) on the main
// pages and fails on serious or critical WCAG 2.1 AA violations.
package e2e
