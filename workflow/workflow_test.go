package workflow

import (
	"errors"
	"fmt"
	"testing"
)

// The tests use a five-step template: receive (intake), appraise (processing), approve (leader),
// stamp (clerk), return (intake). LastStep is 4, the return step.
var stepRoles = []Role{IntakeOfficer, ProcessingOfficer, Leader, Clerk, IntakeOfficer}

const lastStep = 4

// at is the state of a dossier in status s at step i of the template.
func at(s Status, i int) State {
	return State{Status: s, Step: i, StepRole: stepRoles[i], LastStep: lastStep}
}

// canonical is a typical state for each status: not yet processed (1–3) at the receive step,
// in the middle of processing (4–8) at the approve step, finished (9, 10) at the return step.
func canonical(s Status) State {
	switch s {
	case Submitted, Received, Refused:
		return at(s, 0)
	case Done, Returned:
		return at(s, lastStep)
	}
	st := at(s, 2)
	if s.Paused() {
		st.Prev = Processing
	}
	return st
}

// everyone holds every role at both units and is the applicant: only the status decides.
var everyone = Actor{StepRoles: Roles, ReceivingRoles: Roles, Applicant: true}

// nobody holds no role anywhere and is not the applicant.
var nobody = Actor{}

func allStatuses() []Status {
	var ss []Status
	for s := Status(1); s <= 10; s++ {
		ss = append(ss, s)
	}
	return ss
}

func refusalKind(t *testing.T, err error) RefusalKind {
	t.Helper()
	var r *Refusal
	if !errors.As(err, &r) {
		t.Fatalf("error %v (%T) is not a *Refusal", err, err)
	}
	if r.Error() == "" {
		t.Error("refusal has an empty reason")
	}
	return r.Kind
}

func kindName(k RefusalKind) string {
	switch k {
	case 0:
		return "allowed"
	case NotAllowedNow:
		return "NotAllowedNow"
	case NotYourRole:
		return "NotYourRole"
	}
	return fmt.Sprintf("kind %d", k)
}

// TestDecideMatrix checks every action in every status 1–10 against the contract table: where it
// is allowed, the outcome; elsewhere a NotAllowedNow refusal. The same cells are then asked by
// an actor with no role: allowed cells must refuse with NotYourRole (status first, then role),
// the others still with NotAllowedNow.
func TestDecideMatrix(t *testing.T) {
	type o = Outcome
	rows := []struct {
		action Action
		prep   func(State) State // adjusts the canonical state for the action, if needed
		want   map[Status]Outcome
	}{
		{action: Receive, want: map[Status]Outcome{
			Submitted: o{Status: Received, Step: 0},
		}},
		{action: Refuse, want: map[Status]Outcome{
			Submitted: o{Status: Refused, Step: 0},
			Received:  o{Status: Refused, Step: 0},
		}},
		{action: RequestSupplement, want: map[Status]Outcome{
			Submitted:  o{Status: Supplement, Prev: Submitted, Step: 0},
			Received:   o{Status: Supplement, Prev: Received, Step: 0},
			Processing: o{Status: Supplement, Prev: Processing, Step: 2},
		}},
		{action: RecordSupplement, want: map[Status]Outcome{
			Supplement: o{Status: Processing, Step: 2},
		}},
		{action: Forward, want: map[Status]Outcome{
			Received:   o{Status: Processing, Step: 1},
			Processing: o{Status: Processing, Step: 3},
		}},
		{action: SendBack, want: map[Status]Outcome{
			Processing: o{Status: Processing, Step: 1},
		}},
		{action: RequestPayment, want: map[Status]Outcome{
			Received:   o{Status: Payment, Prev: Received, Step: 0},
			Processing: o{Status: Payment, Prev: Processing, Step: 2},
		}},
		{action: ConfirmPayment, want: map[Status]Outcome{
			Payment: o{Status: Processing, Step: 2},
		}},
		{action: Reschedule, want: map[Status]Outcome{
			Received:   o{Status: Received, Step: 0},
			Processing: o{Status: Processing, Step: 2},
			Supplement: o{Status: Supplement, Prev: Processing, Step: 2},
			Payment:    o{Status: Payment, Prev: Processing, Step: 2},
		}},
		{action: Transfer, want: map[Status]Outcome{
			Processing: o{Status: Processing, Step: 2},
		}},
		{action: TransferReturn,
			prep: func(s State) State { s.Transfered = true; return s },
			want: map[Status]Outcome{
				Processing: o{Status: Processing, Step: 2},
			}},
		{action: Withdraw, want: map[Status]Outcome{
			Submitted:  o{Status: Withdrawn, Step: 0},
			Received:   o{Status: Withdrawn, Step: 0},
			Processing: o{Status: Withdrawn, Step: 2},
			Supplement: o{Status: Withdrawn, Step: 2},
			Payment:    o{Status: Withdrawn, Step: 2},
		}},
		{action: Stop, want: map[Status]Outcome{
			Received:   o{Status: Stopped, Step: 0},
			Processing: o{Status: Stopped, Step: 2},
			Supplement: o{Status: Stopped, Step: 2},
			Payment:    o{Status: Stopped, Step: 2},
		}},
		{action: ReturnResult, want: map[Status]Outcome{
			Done: o{Status: Returned, Step: lastStep},
		}},
	}
	if len(rows) != len(Actions) {
		t.Fatalf("the matrix has %d actions, the package %d", len(rows), len(Actions))
	}
	for _, row := range rows {
		for _, s := range allStatuses() {
			st := canonical(s)
			if row.prep != nil {
				st = row.prep(st)
			}
			want, ok := row.want[s]
			t.Run(fmt.Sprintf("%s/status%d", row.action, s), func(t *testing.T) {
				got, err := Decide(st, row.action, everyone)
				if ok {
					if err != nil {
						t.Fatalf("Decide(%+v) refused: %v; want %+v", st, err, want)
					}
					if got != want {
						t.Fatalf("Decide(%+v) = %+v, want %+v", st, got, want)
					}
				} else {
					if err == nil {
						t.Fatalf("Decide(%+v) = %+v, want NotAllowedNow", st, got)
					}
					if k := refusalKind(t, err); k != NotAllowedNow {
						t.Fatalf("refusal kind %s, want NotAllowedNow", kindName(k))
					}
					if got != (Outcome{}) {
						t.Errorf("refused Decide returned outcome %+v, want zero", got)
					}
				}
				_, err = Decide(st, row.action, nobody)
				wantKind := NotAllowedNow
				if ok {
					wantKind = NotYourRole
				}
				if err == nil {
					t.Fatalf("an actor with no role was allowed; want %s", kindName(wantKind))
				}
				if k := refusalKind(t, err); k != wantKind {
					t.Fatalf("an actor with no role: refusal kind %s, want %s", kindName(k), kindName(wantKind))
				}
			})
		}
	}
}

// TestDecideSteps covers the step arithmetic and the state details the matrix keeps fixed: where
// in the template forward and send back may go, transfers, and which status a pause returns to.
func TestDecideSteps(t *testing.T) {
	withPrev := func(st State, p Status) State { st.Prev = p; return st }
	transferred := func(st State) State { st.Transfered = true; return st }
	tests := []struct {
		name   string
		st     State
		action Action
		want   Outcome
		kind   RefusalKind // 0: allowed
	}{
		// Forward: from the receive step into processing, along the processing steps, and from
		// the last processing step to the return step, which makes the result ready (9).
		{"forward from receive step", at(Received, 0), Forward, Outcome{Status: Processing, Step: 1}, 0},
		{"forward appraise to approve", at(Processing, 1), Forward, Outcome{Status: Processing, Step: 2}, 0},
		{"forward approve to stamp", at(Processing, 2), Forward, Outcome{Status: Processing, Step: 3}, 0},
		{"forward last processing step", at(Processing, 3), Forward, Outcome{Status: Done, Step: lastStep}, 0},
		{"forward from return step", at(Processing, lastStep), Forward, Outcome{}, NotAllowedNow},
		{"forward received not at step 0", at(Received, 1), Forward, Outcome{}, NotAllowedNow},
		{"forward while transferred", transferred(at(Processing, 2)), Forward, Outcome{}, NotAllowedNow},
		{"forward done", at(Done, lastStep), Forward, Outcome{}, NotAllowedNow},
		{"forward submitted", at(Submitted, 0), Forward, Outcome{}, NotAllowedNow},
		{"forward paused", withPrev(at(Supplement, 2), Processing), Forward, Outcome{}, NotAllowedNow},
		{"forward keeps prev", withPrev(at(Processing, 1), Received), Forward, Outcome{Status: Processing, Prev: Received, Step: 2}, 0},

		// Send back: one step back, never to the receive step.
		{"send back stamp to approve", at(Processing, 3), SendBack, Outcome{Status: Processing, Step: 2}, 0},
		{"send back approve to appraise", at(Processing, 2), SendBack, Outcome{Status: Processing, Step: 1}, 0},
		{"send back appraise to receive", at(Processing, 1), SendBack, Outcome{}, NotAllowedNow},
		{"send back at receive step", at(Received, 0), SendBack, Outcome{}, NotAllowedNow},
		{"send back while transferred", transferred(at(Processing, 2)), SendBack, Outcome{}, NotAllowedNow},

		// Transfers: only one at a time, and the return only while transferred.
		{"transfer", at(Processing, 1), Transfer, Outcome{Status: Processing, Step: 1}, 0},
		{"transfer twice", transferred(at(Processing, 1)), Transfer, Outcome{}, NotAllowedNow},
		{"transfer return", transferred(at(Processing, 1)), TransferReturn, Outcome{Status: Processing, Step: 1}, 0},
		{"transfer return not transferred", at(Processing, 1), TransferReturn, Outcome{}, NotAllowedNow},
		{"transfer return received", transferred(at(Received, 0)), TransferReturn, Outcome{}, NotAllowedNow},
		{"request supplement while transferred", transferred(at(Processing, 1)), RequestSupplement, Outcome{Status: Supplement, Prev: Processing, Step: 1}, 0},

		// Pauses return to the status they interrupted.
		{"supplement back to submitted", withPrev(at(Supplement, 0), Submitted), RecordSupplement, Outcome{Status: Submitted, Step: 0}, 0},
		{"supplement back to received", withPrev(at(Supplement, 0), Received), RecordSupplement, Outcome{Status: Received, Step: 0}, 0},
		{"supplement back to processing", withPrev(at(Supplement, 3), Processing), RecordSupplement, Outcome{Status: Processing, Step: 3}, 0},
		{"payment back to received", withPrev(at(Payment, 0), Received), ConfirmPayment, Outcome{Status: Received, Step: 0}, 0},
		{"payment back to processing", withPrev(at(Payment, 1), Processing), ConfirmPayment, Outcome{Status: Processing, Step: 1}, 0},
		{"withdraw clears prev", withPrev(at(Payment, 1), Received), Withdraw, Outcome{Status: Withdrawn, Step: 1}, 0},
		{"stop clears prev", withPrev(at(Supplement, 1), Processing), Stop, Outcome{Status: Stopped, Step: 1}, 0},
		{"reschedule keeps prev", withPrev(at(Supplement, 1), Received), Reschedule, Outcome{Status: Supplement, Prev: Received, Step: 1}, 0},

		// Receive always starts at the receive step.
		{"receive", at(Submitted, 0), Receive, Outcome{Status: Received, Step: 0}, 0},

		// Unknown actions and the creation actions are not actions on a dossier.
		{"unknown action", at(Processing, 1), Action("approve"), Outcome{}, NotAllowedNow},
		{"submit is not an action", at(Submitted, 0), Submit, Outcome{}, NotAllowedNow},
		{"intake is not an action", at(Received, 0), Intake, Outcome{}, NotAllowedNow},
		{"empty action", at(Received, 0), "", Outcome{}, NotAllowedNow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decide(tt.st, tt.action, everyone)
			if tt.kind == 0 {
				if err != nil {
					t.Fatalf("Decide(%+v, %s) refused: %v", tt.st, tt.action, err)
				}
				if got != tt.want {
					t.Fatalf("Decide(%+v, %s) = %+v, want %+v", tt.st, tt.action, got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("Decide(%+v, %s) = %+v, want %s", tt.st, tt.action, got, kindName(tt.kind))
			}
			if k := refusalKind(t, err); k != tt.kind {
				t.Fatalf("refusal kind %s, want %s", kindName(k), kindName(tt.kind))
			}
		})
	}
}

// TestDecideRoles asks each action, in a status where it is allowed, by every role held at one
// unit that is both the receiving and the current step's unit, by the applicant and by a citizen
// who is not the applicant. Only the listed ones may act; the others get NotYourRole.
func TestDecideRoles(t *testing.T) {
	const applicant Role = "(applicant)"
	const stranger Role = "(citizen, not the applicant)"
	actors := map[Role]Actor{
		applicant: {StepRoles: []Role{Citizen}, ReceivingRoles: []Role{Citizen}, Applicant: true},
		stranger:  {StepRoles: []Role{Citizen}, ReceivingRoles: []Role{Citizen}},
	}
	for _, r := range Roles {
		actors[r] = Actor{StepRoles: []Role{r}, ReceivingRoles: []Role{r}}
	}
	prev := func(st State, p Status) State { st.Prev = p; return st }
	tests := []struct {
		action Action
		st     State
		may    []Role
	}{
		{Receive, at(Submitted, 0), []Role{IntakeOfficer}},
		{Refuse, at(Submitted, 0), []Role{IntakeOfficer}},
		{Refuse, at(Received, 0), []Role{IntakeOfficer}},
		{RequestSupplement, at(Submitted, 0), []Role{IntakeOfficer}},
		{RequestSupplement, at(Received, 0), []Role{IntakeOfficer}},
		{RequestSupplement, at(Processing, 1), []Role{IntakeOfficer, ProcessingOfficer}},
		{RecordSupplement, prev(at(Supplement, 1), Processing), []Role{IntakeOfficer, applicant}},
		{Forward, at(Received, 0), []Role{IntakeOfficer}},
		{Forward, at(Processing, 1), []Role{ProcessingOfficer}},
		{Forward, at(Processing, 2), []Role{Leader}},
		{Forward, at(Processing, 3), []Role{Clerk}},
		{SendBack, at(Processing, 2), []Role{Leader}},
		{SendBack, at(Processing, 3), []Role{Clerk}},
		{RequestPayment, at(Received, 0), []Role{IntakeOfficer, ProcessingOfficer}},
		{RequestPayment, at(Processing, 1), []Role{IntakeOfficer, ProcessingOfficer}},
		{ConfirmPayment, prev(at(Payment, 1), Processing), []Role{IntakeOfficer}},
		{Reschedule, at(Received, 0), []Role{Leader, CentreManager}},
		{Reschedule, at(Processing, 1), []Role{Leader, CentreManager}},
		{Reschedule, prev(at(Supplement, 1), Processing), []Role{Leader, CentreManager}},
		{Reschedule, prev(at(Payment, 1), Processing), []Role{Leader, CentreManager}},
		{Transfer, at(Processing, 1), []Role{ProcessingOfficer}},
		{TransferReturn, State{Status: Processing, Step: 1, StepRole: ProcessingOfficer, LastStep: lastStep, Transfered: true}, []Role{ProcessingOfficer}},
		{Withdraw, at(Submitted, 0), []Role{IntakeOfficer, applicant}},
		{Withdraw, at(Processing, 2), []Role{IntakeOfficer, applicant}},
		{Withdraw, prev(at(Supplement, 2), Processing), []Role{IntakeOfficer, applicant}},
		{Stop, at(Received, 0), []Role{Leader}},
		{Stop, at(Processing, 1), []Role{Leader}},
		{Stop, prev(at(Payment, 1), Processing), []Role{Leader}},
		{ReturnResult, at(Done, lastStep), []Role{IntakeOfficer}},
	}
	covered := map[Action]bool{}
	for _, tt := range tests {
		covered[tt.action] = true
		for name, who := range actors {
			may := false
			for _, r := range tt.may {
				may = may || r == name
			}
			t.Run(fmt.Sprintf("%s/status%d/step%d/%s", tt.action, tt.st.Status, tt.st.Step, name), func(t *testing.T) {
				got, err := Decide(tt.st, tt.action, who)
				if may {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					if !got.Status.Valid() {
						t.Fatalf("outcome %+v has no valid status", got)
					}
					return
				}
				if err == nil {
					t.Fatalf("allowed (%+v), want NotYourRole", got)
				}
				if k := refusalKind(t, err); k != NotYourRole {
					t.Fatalf("refusal kind %s, want NotYourRole", kindName(k))
				}
			})
		}
	}
	for _, a := range Actions {
		if !covered[a] {
			t.Errorf("action %s has no role cases", a)
		}
	}
}

// TestDecideUnits checks which unit a role must be held at: intake duties at the receiving unit,
// step duties at the current step's unit; leaders and centre managers at either.
func TestDecideUnits(t *testing.T) {
	atStep := func(rs ...Role) Actor { return Actor{StepRoles: rs} }
	atReceiving := func(rs ...Role) Actor { return Actor{ReceivingRoles: rs} }
	prev := func(st State, p Status) State { st.Prev = p; return st }
	tests := []struct {
		name   string
		st     State
		action Action
		who    Actor
		ok     bool
	}{
		{"receive by intake of another unit", at(Submitted, 0), Receive, atStep(IntakeOfficer), false},
		{"receive by intake of receiving unit", at(Submitted, 0), Receive, atReceiving(IntakeOfficer), true},
		{"refuse by intake of another unit", at(Received, 0), Refuse, atStep(IntakeOfficer), false},
		{"return by intake of the step unit only", at(Done, lastStep), ReturnResult, atStep(IntakeOfficer), false},
		{"return by intake of receiving unit", at(Done, lastStep), ReturnResult, atReceiving(IntakeOfficer), true},
		{"withdraw by intake of the step unit only", at(Processing, 2), Withdraw, atStep(IntakeOfficer), false},
		{"confirm payment by intake of the step unit only", prev(at(Payment, 1), Processing), ConfirmPayment, atStep(IntakeOfficer), false},
		{"supplement recorded by intake of the step unit only", prev(at(Supplement, 1), Processing), RecordSupplement, atStep(IntakeOfficer), false},

		{"request supplement by processing officer of receiving unit", at(Processing, 1), RequestSupplement, atReceiving(ProcessingOfficer), false},
		{"request supplement by processing officer of step unit", at(Processing, 1), RequestSupplement, atStep(ProcessingOfficer), true},
		{"request supplement by intake of the step unit only", at(Processing, 1), RequestSupplement, atStep(IntakeOfficer), false},
		{"request payment by processing officer of receiving unit", at(Processing, 1), RequestPayment, atReceiving(ProcessingOfficer), false},
		{"request payment by processing officer of step unit", at(Processing, 1), RequestPayment, atStep(ProcessingOfficer), true},

		{"forward by step role at receiving unit only", at(Processing, 2), Forward, atReceiving(Leader), false},
		{"forward by step role at step unit", at(Processing, 2), Forward, atStep(Leader), true},
		{"forward by another role at step unit", at(Processing, 2), Forward, atStep(ProcessingOfficer, Clerk, IntakeOfficer), false},
		{"send back by step role at receiving unit only", at(Processing, 3), SendBack, atReceiving(Clerk), false},
		{"transfer by processing officer of receiving unit", at(Processing, 1), Transfer, atReceiving(ProcessingOfficer), false},
		{"transfer return by processing officer of the sending unit", State{Status: Processing, Step: 1, StepRole: ProcessingOfficer, LastStep: lastStep, Transfered: true}, TransferReturn, atReceiving(ProcessingOfficer), false},

		{"stop by leader of step unit", at(Processing, 2), Stop, atStep(Leader), true},
		{"stop by leader of receiving unit", at(Processing, 2), Stop, atReceiving(Leader), true},
		{"reschedule by centre manager of receiving unit", at(Processing, 2), Reschedule, atReceiving(CentreManager), true},
		{"reschedule by centre manager of step unit", at(Processing, 2), Reschedule, atStep(CentreManager), true},
		{"reschedule by leader of receiving unit", at(Processing, 2), Reschedule, atReceiving(Leader), true},
		{"stop by centre manager", at(Processing, 2), Stop, atReceiving(CentreManager), false},
		{"stop by administrator", at(Processing, 2), Stop, Actor{StepRoles: []Role{Administrator}, ReceivingRoles: []Role{Administrator}}, false},
		{"withdraw by applicant with no role", at(Processing, 2), Withdraw, Actor{Applicant: true}, true},
		{"receive by the applicant", at(Submitted, 0), Receive, Actor{Applicant: true}, false},
		{"return result to the applicant by the applicant", at(Done, lastStep), ReturnResult, Actor{Applicant: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decide(tt.st, tt.action, tt.who)
			if tt.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("allowed, want NotYourRole")
			}
			if k := refusalKind(t, err); k != NotYourRole {
				t.Fatalf("refusal kind %s, want NotYourRole", kindName(k))
			}
		})
	}
}

// TestDecideJourneys chains decisions the way the dossier service does, feeding each outcome back
// as the next state, through the five-step template.
func TestDecideJourneys(t *testing.T) {
	type move struct {
		action Action
		want   Status
		step   int
	}
	journeys := map[string][]move{
		"online, straight through": {
			{Receive, Received, 0}, {Forward, Processing, 1}, {Forward, Processing, 2},
			{Forward, Processing, 3}, {Forward, Done, 4}, {ReturnResult, Returned, 4},
		},
		"pauses and a send back": {
			{RequestSupplement, Supplement, 0}, {RecordSupplement, Submitted, 0},
			{Receive, Received, 0}, {RequestPayment, Payment, 0}, {ConfirmPayment, Received, 0},
			{Forward, Processing, 1}, {Transfer, Processing, 1}, {TransferReturn, Processing, 1},
			{Forward, Processing, 2}, {SendBack, Processing, 1}, {RequestSupplement, Supplement, 1},
			{Reschedule, Supplement, 1}, {RecordSupplement, Processing, 1}, {Forward, Processing, 2},
			{Forward, Processing, 3}, {RequestPayment, Payment, 3}, {ConfirmPayment, Processing, 3},
			{Forward, Done, 4}, {ReturnResult, Returned, 4},
		},
		"withdrawn while paused": {
			{Receive, Received, 0}, {Forward, Processing, 1}, {RequestSupplement, Supplement, 1},
			{Withdraw, Withdrawn, 1},
		},
		"stopped": {{Receive, Received, 0}, {Stop, Stopped, 0}},
		"refused": {{Refuse, Refused, 0}},
	}
	for name, moves := range journeys {
		t.Run(name, func(t *testing.T) {
			st := at(Submitted, 0)
			for i, m := range moves {
				out, err := Decide(st, m.action, everyone)
				if err != nil {
					t.Fatalf("move %d (%s from %+v): %v", i+1, m.action, st, err)
				}
				if out.Status != m.want || out.Step != m.step {
					t.Fatalf("move %d (%s): status %d step %d, want status %d step %d", i+1, m.action, out.Status, out.Step, m.want, m.step)
				}
				switch m.action {
				case Transfer:
					st.Transfered = true
				case TransferReturn:
					st.Transfered = false
				}
				st.Status, st.Prev, st.Step, st.StepRole = out.Status, out.Prev, out.Step, stepRoles[out.Step]
			}
			if !st.Status.Finished() {
				t.Errorf("journey ends in status %d, which is not finished", st.Status)
			}
			for _, a := range Actions {
				if _, err := Decide(st, a, everyone); err == nil && st.Status.Closed() {
					t.Errorf("closed status %d still allows %s", st.Status, a)
				}
			}
		})
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		s                        Status
		name, en                 string
		finished, closed, paused bool
	}{
		{Submitted, "Mới đăng ký", "Submitted", false, false, false},
		{Received, "Được tiếp nhận", "Received", false, false, false},
		{Refused, "Không được tiếp nhận", "Refused", true, true, false},
		{Processing, "Đang xử lý", "Processing", false, false, false},
		{Supplement, "Yêu cầu bổ sung giấy tờ", "Supplement requested", false, false, true},
		{Payment, "Yêu cầu thực hiện nghĩa vụ tài chính", "Payment requested", false, false, true},
		{Withdrawn, "Công dân yêu cầu rút hồ sơ", "Withdrawn", true, true, false},
		{Stopped, "Dừng xử lý", "Stopped", true, true, false},
		{Done, "Đã xử lý xong", "Done", true, false, false},
		{Returned, "Đã trả kết quả", "Returned", true, true, false},
	}
	for i, tt := range tests {
		if int(tt.s) != i+1 {
			t.Fatalf("status %d is listed at position %d", tt.s, i+1)
		}
		t.Run(fmt.Sprintf("status%d", tt.s), func(t *testing.T) {
			if !tt.s.Valid() {
				t.Error("not Valid")
			}
			if got := tt.s.Name(); got != tt.name {
				t.Errorf("Name = %q, want %q", got, tt.name)
			}
			if got := tt.s.NameEN(); got != tt.en {
				t.Errorf("NameEN = %q, want %q", got, tt.en)
			}
			if got := tt.s.Finished(); got != tt.finished {
				t.Errorf("Finished = %v, want %v", got, tt.finished)
			}
			if got := tt.s.Closed(); got != tt.closed {
				t.Errorf("Closed = %v, want %v", got, tt.closed)
			}
			if got := tt.s.Paused(); got != tt.paused {
				t.Errorf("Paused = %v, want %v", got, tt.paused)
			}
			if tt.s.Closed() && !tt.s.Finished() {
				t.Error("Closed but not Finished")
			}
		})
	}
	for _, s := range []Status{-1, 0, 11, 99} {
		if s.Valid() || s.Name() != "" || s.NameEN() != "" || s.Finished() || s.Closed() || s.Paused() {
			t.Errorf("status %d: Valid %v, Name %q, NameEN %q, Finished %v, Closed %v, Paused %v; want all false/empty",
				s, s.Valid(), s.Name(), s.NameEN(), s.Finished(), s.Closed(), s.Paused())
		}
	}
}

// TestClosedAllowsNothing: no action is allowed in a closed status, whoever asks.
func TestClosedAllowsNothing(t *testing.T) {
	for _, s := range allStatuses() {
		if !s.Closed() {
			continue
		}
		for _, a := range Actions {
			st := canonical(s)
			st.Prev = Processing
			if out, err := Decide(st, a, everyone); err == nil {
				t.Errorf("status %d allows %s (→ %+v)", s, a, out)
			}
		}
	}
}

func TestRoleAndActionValid(t *testing.T) {
	for _, r := range Roles {
		if !r.Valid() {
			t.Errorf("role %q not Valid", r)
		}
	}
	for _, r := range []Role{"", "admin", "Leader", "officer"} {
		if r.Valid() {
			t.Errorf("role %q is Valid", r)
		}
	}
	if len(Actions) != 14 {
		t.Errorf("%d actions, the contract has 14", len(Actions))
	}
	seen := map[Action]bool{}
	for _, a := range Actions {
		if !a.Valid() {
			t.Errorf("action %q not Valid", a)
		}
		if seen[a] {
			t.Errorf("action %q listed twice", a)
		}
		seen[a] = true
	}
	for _, a := range []Action{"", Submit, Intake, "approve", "Receive"} {
		if a.Valid() {
			t.Errorf("action %q is Valid", a)
		}
	}
}

// A dossier paused before it was received has no due date and is not being processed: it can be
// neither rescheduled nor stopped; once received and paused, it can.
func TestPausedBeforeReceipt(t *testing.T) {
	for _, paused := range []Status{Supplement, Payment} {
		for _, a := range []Action{Reschedule, Stop} {
			_, err := Decide(State{Status: paused, Prev: Submitted, LastStep: lastStep}, a, everyone)
			var r *Refusal
			if !errors.As(err, &r) || r.Kind != NotAllowedNow {
				t.Errorf("%s in %d after submission: %v, want not allowed now", a, paused, err)
			}
			if _, err := Decide(State{Status: paused, Prev: Received, LastStep: lastStep}, a, everyone); err != nil {
				t.Errorf("%s in %d after receipt: %v, want allowed", a, paused, err)
			}
		}
	}
}

// TestDecidePaymentGateway checks that a verified payment callback may confirm a payment and
// may take no other action in any status.
func TestDecidePaymentGateway(t *testing.T) {
	gw := Actor{PaymentGateway: true}
	for _, a := range Actions {
		for s := Submitted; s <= Returned; s++ {
			st := at(s, 2)
			st.Prev = Processing
			_, err := Decide(st, a, gw)
			want := a == ConfirmPayment && s == Payment
			if (err == nil) != want {
				t.Errorf("%s in status %d by the gateway: err %v, want allowed %v", a, s, err, want)
			}
		}
	}
}
