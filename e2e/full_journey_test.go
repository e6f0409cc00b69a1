package e2e

import "testing"

// TestBrowserFullJourney is the journey through the pages, by five people in their own
// browser tabs: a citizen submits online with two uploaded files; the intake officer receives
// it; the officer and the leader forward it; the clerk stamps; the counter returns it; the
// citizen sees "Đã trả kết quả" and rates it on the counter's kiosk. Each step is a helper in
// journey_test.go.
func TestBrowserFullJourney(t *testing.T) {
	t.Parallel()
	browser := startBrowser(t)
	for _, s := range journeySites(t) {
		t.Run(s.Name, func(t *testing.T) {
			pdf, photo := journeyFiles(t)
			citizen := person(t, browser, s, "citizen")
			intake := person(t, browser, s, "intake")
			manager := person(t, browser, s, "manager")
			kiosk := person(t, browser, s, "kiosk")
			intake.signInOfficer("intake", "password-intake")
			manager.signInOfficer("manager", "password-manager")
			k := kioskEnrolled(t, kiosk, manager, intake)

			citizenSignsIn(t, citizen)
			code, secret := citizenSubmitsOnline(t, citizen, pdf, photo)
			intakeReceives(t, s, intake, code)
			for _, who := range []string{"officer", "leader"} {
				o := person(t, browser, s, who)
				o.signInOfficer(who, "password-"+who)
				officerForwards(t, s, o, code)
			}
			clerk := person(t, browser, s, "clerk")
			clerk.signInOfficer("clerk", "password-clerk")
			clerkStamps(t, s, clerk, code)
			counterReturns(t, s, intake, code)
			citizenSeesReturned(t, citizen, code, secret)
			citizenRatesOnKiosk(t, k, code)
		})
	}
}
