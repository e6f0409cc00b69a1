package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// History generates opt.Dossiers dossiers over the twelve months before opt.Now by driving the
// same domain code as the API with an injected clock: every dossier gets a full event history,
// with supplements, payments, reschedules, transfers, refusals and withdrawals in realistic
// shares, and the most recent ones are still pending.
func History(ctx context.Context, st *store.Store, units []org.Unit, procs []catalog.Procedure, opt Options) error {
	cal, err := st.Calendar(ctx)
	if err != nil {
		return err
	}
	g := &generator{st: st, cal: cal, rng: rand.New(rand.NewPCG(opt.Seed, 2020)), sessions: map[string]calendar.Sessions{}}
	if err := g.accounts(ctx, units); err != nil {
		return err
	}
	for _, u := range units {
		g.sessions[u.Code] = calendar.DefaultSessions
		if u.Sessions != "" {
			if s, err := calendar.ParseSessions(u.Sessions); err == nil {
				g.sessions[u.Code] = s
			}
		}
		g.units = append(g.units, u.Code)
	}
	for i := range procs {
		if len(procs[i].UnitCodes) > 0 {
			g.procs = append(g.procs, &procs[i])
		}
	}
	start := opt.Now.AddDate(-1, 0, 0)
	span := opt.Now.Sub(start)
	const chunk = 250
	for done := 0; done < opt.Dossiers; done += chunk {
		n := min(chunk, opt.Dossiers-done)
		err := st.InBatch(ctx, func(b *store.Batch) error {
			for k := 0; k < n; k++ {
				// Dossiers arrive evenly over the year, in order, so sequences follow the clock.
				at := start.Add(time.Duration(float64(span) * float64(done+k) / float64(opt.Dossiers)))
				if err := g.dossier(b, at, opt.Now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("demo history: %w", err)
		}
		if opt.Progress != nil {
			opt.Progress.Report("Lịch sử hồ sơ mẫu", done+n, opt.Dossiers)
		}
	}
	return nil
}

type generator struct {
	st       *store.Store
	cal      *calendar.Calendar
	rng      *rand.Rand
	sessions map[string]calendar.Sessions
	units    []string
	procs    []*catalog.Procedure
	officers map[string]user.User // per unit: an account holding every officer role there
	citizens []user.User
}

// accounts creates the accounts history is made by: one officer per unit holding every officer
// role (the demo's named accounts stay untouched) and a pool of citizens.
func (g *generator) accounts(ctx context.Context, units []org.Unit) error {
	g.officers = map[string]user.User{}
	officerHash, err := user.HashPassword(Password + "-lichsu")
	if err != nil {
		return err
	}
	citizenHash, err := user.HashPassword(Password)
	if err != nil {
		return err
	}
	for _, u := range units {
		acc := user.User{Username: "lichsu." + u.Code, FullName: "Cán bộ " + u.Name}
		for _, r := range []workflow.Role{workflow.IntakeOfficer, workflow.ProcessingOfficer, workflow.Leader, workflow.Clerk} {
			acc.Roles = append(acc.Roles, user.RoleAt{Role: r, Unit: u.Code})
		}
		id, err := g.st.AddUserHashed(ctx, acc, officerHash)
		if err != nil {
			return fmt.Errorf("history account %s: %w", acc.Username, err)
		}
		acc.ID = id
		g.officers[u.Code] = acc
	}
	for i := 0; i < 40; i++ {
		acc := user.User{Username: historyCitizen(i), FullName: personName(i),
			IDNumber: historyCitizenID(i), Roles: []user.RoleAt{{Role: workflow.Citizen}}}
		id, err := g.st.AddUserHashed(ctx, acc, citizenHash)
		if err != nil {
			return err
		}
		acc.ID = id
		g.citizens = append(g.citizens, acc)
	}
	return nil
}

func personName(i int) string {
	return familyNames[i%len(familyNames)] + " " + givenNames[(i*7+3)%len(givenNames)]
}

// officeTime moves t into the unit's office hours: into a session on a working day.
func (g *generator) officeTime(unit string, t time.Time) time.Time {
	return g.cal.Add(g.sessions[unit], t, time.Minute)
}

// dossier makes one dossier created at `at` and plays its life until `end`.
func (g *generator) dossier(b *store.Batch, at, end time.Time) error {
	r := g.rng
	p := g.procs[r.IntN(len(g.procs))]
	competent := p.UnitCodes[r.IntN(len(p.UnitCodes))]
	receiving := competent
	ch := catalog.InPerson
	if p.AcceptsChannel(catalog.Online) && r.Float64() < 0.45 {
		ch = catalog.Online
	} else if p.AcceptsChannel(catalog.Post) && r.Float64() < 0.05 {
		ch = catalog.Post
	}
	at = g.officeTime(receiving, at)
	if !at.Before(end) {
		return nil
	}
	i := r.IntN(1 << 20)
	in := store.NewDossier{ProcedureCode: p.Code, UnitCode: receiving, CompetentUnitCode: competent, Channel: ch,
		Applicant: dossier.Applicant{Name: personName(i), IDNumber: fmt.Sprintf("0262%08d", i),
			Phone: fmt.Sprintf("09%08d", i), Address: "Vĩnh Phúc", Type: 1},
		Summary: p.Name}
	creator := g.officers[receiving]
	if ch != catalog.InPerson {
		c := g.citizens[r.IntN(len(g.citizens))]
		creator = c
		in.Applicant.Name, in.Applicant.IDNumber = c.FullName, c.IDNumber
	}
	d, err := b.Create(creator, in, at)
	if err != nil {
		return fmt.Errorf("create %s at %s: %w", p.Code, receiving, err)
	}
	pl := &play{g: g, b: b, d: d, t: at, end: end}
	return pl.run()
}

// play drives one dossier through its life.
type play struct {
	g   *generator
	b   *store.Batch
	d   dossier.Dossier
	t   time.Time
	end time.Time
}

// wait advances the clock by a working-time span at the receiving unit; false when that passes
// the end of history (the dossier stays as it is: pending).
func (p *play) wait(work time.Duration) bool {
	p.t = p.g.cal.Add(p.g.sessions[p.d.UnitCode], p.t, work)
	return p.t.Before(p.end)
}

func (p *play) do(who user.User, req dossier.Request) error {
	req.Version = p.d.Version
	d, err := p.b.Act(who, p.d.Code, req, p.t)
	if err != nil {
		return fmt.Errorf("%s %s at %s: %w", req.Action, p.d.Code, p.t.Format(time.RFC3339), err)
	}
	p.d = d
	return nil
}

// pace is how long a step takes against its budget: mostly well inside it, sometimes over.
func (p *play) pace(budget time.Duration) time.Duration {
	r := p.g.rng.Float64()
	f := 0.15 + 0.6*p.g.rng.Float64()
	if r < 0.06 {
		f = 1.1 + 1.5*p.g.rng.Float64() // this step makes the dossier late
	}
	d := time.Duration(float64(budget) * f)
	return max(d, 10*time.Minute)
}

func (p *play) run() error {
	r := p.g.rng
	intake := p.g.officers[p.d.UnitCode]
	if p.d.Status == workflow.Submitted {
		if !p.wait(time.Duration(1+r.IntN(6)) * time.Hour) {
			return nil
		}
		switch x := r.Float64(); {
		case x < 0.03:
			return p.do(intake, dossier.Request{Action: workflow.Refuse, Reason: "Hồ sơ không thuộc thẩm quyền giải quyết"})
		case x < 0.05:
			owner := p.owner()
			return p.do(owner, dossier.Request{Action: workflow.Withdraw, Reason: "Công dân không còn nhu cầu"})
		}
		if err := p.do(intake, dossier.Request{Action: workflow.Receive}); err != nil {
			return err
		}
	}
	legal, _ := p.d.LegalTime.WorkingTime(p.g.sessions[p.d.UnitCode])
	if legal == 0 {
		legal = time.Duration(p.d.LegalTime.Value*8) * time.Hour
	}
	supplemented, transferred, paid := false, false, false
	for p.d.Status == workflow.Received || p.d.Status == workflow.Processing {
		officer := p.g.officers[p.d.StepUnit]
		budget := time.Duration(0)
		if p.d.StepDueAt != nil {
			budget = p.g.cal.Between(p.g.sessions[p.d.UnitCode], p.d.StepReceivedAt, *p.d.StepDueAt)
		}
		if budget == 0 {
			budget = legal / 5
		}
		if !p.wait(p.pace(budget)) {
			return nil
		}
		x := r.Float64()
		switch {
		case p.d.StepKey == "appraise" && !supplemented && x < 0.08:
			supplemented = true
			if err := p.do(officer, dossier.Request{Action: workflow.RequestSupplement, Reason: "Thiếu bản sao giấy tờ chứng minh",
				Documents: []string{"Bản sao có chứng thực giấy tờ liên quan"}}); err != nil {
				return err
			}
			if !p.wait(time.Duration(4+r.IntN(24)) * time.Hour) {
				return nil
			}
			if r.Float64() < 0.1 {
				return p.do(p.owner(), dossier.Request{Action: workflow.Withdraw, Reason: "Không bổ sung được giấy tờ"})
			}
			if err := p.do(p.supplementer(), dossier.Request{Action: workflow.RecordSupplement}); err != nil {
				return err
			}
			continue
		case p.d.StepKey == "appraise" && !transferred && x < 0.12:
			transferred = true
			other := p.g.units[r.IntN(len(p.g.units))]
			if other == p.d.StepUnit {
				continue
			}
			if err := p.do(officer, dossier.Request{Action: workflow.Transfer, ToUnit: other, Reason: "Lấy ý kiến phối hợp"}); err != nil {
				return err
			}
			if !p.wait(time.Duration(2+r.IntN(12)) * time.Hour) {
				return nil
			}
			if err := p.do(p.g.officers[other], dossier.Request{Action: workflow.TransferReturn, Result: "Thống nhất"}); err != nil {
				return err
			}
			continue
		case p.d.StepKey == "approve" && !paid && x < 0.05:
			paid = true
			if err := p.do(officer, dossier.Request{Action: workflow.RequestPayment, Amount: int64(50+r.IntN(20)) * 1000}); err != nil {
				return err
			}
			if !p.wait(time.Duration(1+r.IntN(8)) * time.Hour) {
				return nil
			}
			if err := p.do(intake, dossier.Request{Action: workflow.ConfirmPayment}); err != nil {
				return err
			}
			continue
		case p.d.StepKey == "approve" && x < 0.16 && p.d.DueAt != nil && p.t.After(p.d.DueAt.Add(-4*time.Hour)):
			// The new due date must lie after both the old one and now.
			base := p.d.DueAt.Add(time.Minute)
			if p.t.After(base) {
				base = p.t
			}
			due := p.g.cal.Add(p.g.sessions[p.d.UnitCode], base, 16*time.Hour)
			if err := p.do(officer, dossier.Request{Action: workflow.Reschedule, NewDue: &due, Reason: "Cần xác minh thêm thông tin"}); err != nil {
				return err
			}
		case p.d.StepKey == "approve" && x < 0.005:
			return p.do(officer, dossier.Request{Action: workflow.Stop, Reason: "Có tranh chấp, chờ giải quyết theo quy định"})
		case p.d.StepKey == "approve" && x < 0.03 && p.d.Step > 1:
			if err := p.do(officer, dossier.Request{Action: workflow.SendBack, Reason: "Đề nghị thẩm định lại"}); err != nil {
				return err
			}
			continue
		}
		if err := p.do(officer, dossier.Request{Action: workflow.Forward}); err != nil {
			return err
		}
	}
	if p.d.Status == workflow.Done {
		if !p.wait(time.Duration(1+r.IntN(30)) * time.Hour) {
			return nil
		}
		// The history has no electronic results: online applicants get theirs by post.
		req := dossier.Request{Action: workflow.ReturnResult, How: "counter"}
		if p.d.Channel == catalog.Online {
			req.How, req.PostalTracking = "post", fmt.Sprintf("EB%09dVN", r.IntN(1e9))
		}
		return p.do(intake, req)
	}
	return nil
}

// owner is the applicant's account, or the intake officer acting on their written request.
func (p *play) owner() user.User {
	for _, c := range p.g.citizens {
		if c.ID == p.d.OwnerID {
			return c
		}
	}
	return p.g.officers[p.d.UnitCode]
}

func (p *play) supplementer() user.User {
	if p.d.OwnerID != 0 && p.g.rng.Float64() < 0.7 {
		return p.owner()
	}
	return p.g.officers[p.d.UnitCode]
}
