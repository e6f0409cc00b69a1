// Package workflow holds the dossier state machine: the national statuses, the actions that move a
// dossier between them and the roles allowed to take each action. It does no I/O.
package workflow

import "fmt"

// Status is a national dossier status code (1–10), the list the national portal synchronises.
type Status int

const (
	Submitted  Status = 1  // Mới đăng ký
	Received   Status = 2  // Được tiếp nhận
	Refused    Status = 3  // Không được tiếp nhận
	Processing Status = 4  // Đang xử lý
	Supplement Status = 5  // Yêu cầu bổ sung giấy tờ
	Payment    Status = 6  // Yêu cầu thực hiện nghĩa vụ tài chính
	Withdrawn  Status = 7  // Công dân yêu cầu rút hồ sơ
	Stopped    Status = 8  // Dừng xử lý
	Done       Status = 9  // Đã xử lý xong
	Returned   Status = 10 // Đã trả kết quả
)

var statusNames = map[Status][2]string{
	Submitted:  {"Mới đăng ký", "Submitted"},
	Received:   {"Được tiếp nhận", "Received"},
	Refused:    {"Không được tiếp nhận", "Refused"},
	Processing: {"Đang xử lý", "Processing"},
	Supplement: {"Yêu cầu bổ sung giấy tờ", "Supplement requested"},
	Payment:    {"Yêu cầu thực hiện nghĩa vụ tài chính", "Payment requested"},
	Withdrawn:  {"Công dân yêu cầu rút hồ sơ", "Withdrawn"},
	Stopped:    {"Dừng xử lý", "Stopped"},
	Done:       {"Đã xử lý xong", "Done"},
	Returned:   {"Đã trả kết quả", "Returned"},
}

// Name is the status's official Vietnamese name.
func (s Status) Name() string { return statusNames[s][0] }

// NameEN is the status's English name.
func (s Status) NameEN() string { return statusNames[s][1] }

// Valid reports whether s is one of the ten national codes.
func (s Status) Valid() bool { _, ok := statusNames[s]; return ok }

// Finished reports whether processing has ended: the result is ready (9, 10) or the dossier left
// the process (3, 7, 8). The dossier's timeliness is fixed from then on.
func (s Status) Finished() bool {
	switch s {
	case Refused, Withdrawn, Stopped, Done, Returned:
		return true
	}
	return false
}

// Closed reports whether nobody can act on the dossier any more.
func (s Status) Closed() bool {
	switch s {
	case Refused, Withdrawn, Stopped, Returned:
		return true
	}
	return false
}

// Paused reports whether the deadline clock stands still: the applicant owes papers or a fee.
func (s Status) Paused() bool { return s == Supplement || s == Payment }

// Role is what a user may do at a unit.
type Role string

const (
	Citizen           Role = "citizen"
	IntakeOfficer     Role = "intake_officer"
	ProcessingOfficer Role = "processing_officer"
	Leader            Role = "leader"
	Clerk             Role = "clerk"
	CentreManager     Role = "centre_manager"
	Administrator     Role = "administrator"
)

// Roles lists every role, in the order the documentation shows them.
var Roles = []Role{Citizen, IntakeOfficer, ProcessingOfficer, Leader, Clerk, CentreManager, Administrator}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, k := range Roles {
		if k == r {
			return true
		}
	}
	return false
}

// Action is an API action key.
type Action string

const (
	Receive           Action = "receive"
	Refuse            Action = "refuse"
	RequestSupplement Action = "request_supplement"
	RecordSupplement  Action = "supplement"
	Forward           Action = "forward"
	SendBack          Action = "send_back"
	RequestPayment    Action = "request_payment"
	ConfirmPayment    Action = "confirm_payment"
	Reschedule        Action = "reschedule"
	Transfer          Action = "transfer"
	TransferReturn    Action = "transfer_return"
	Withdraw          Action = "withdraw"
	Stop              Action = "stop"
	ReturnResult      Action = "return_result"
	// Submit and Intake create a dossier; they are recorded in the history but are not
	// actions on an existing dossier.
	Submit Action = "submit"
	Intake Action = "intake"
)

// Actions lists the actions on an existing dossier.
var Actions = []Action{Receive, Refuse, RequestSupplement, RecordSupplement, Forward, SendBack,
	RequestPayment, ConfirmPayment, Reschedule, Transfer, TransferReturn, Withdraw, Stop, ReturnResult}

// Valid reports whether a is an action on an existing dossier.
func (a Action) Valid() bool {
	for _, k := range Actions {
		if k == a {
			return true
		}
	}
	return false
}

// Actor says who asks for an action on one dossier: the roles the user holds at the unit the
// dossier's current step names (and at the receiving unit), or that the user is the applicant.
type Actor struct {
	// StepRoles are the roles the user holds at the unit that acts now (the current step's unit).
	StepRoles []Role
	// ReceivingRoles are the roles the user holds at the unit that received the dossier.
	ReceivingRoles []Role
	// Applicant is true when the user is the dossier's own applicant.
	Applicant bool
	// PaymentGateway is a payment provider's callback whose signature has been verified: it may
	// confirm a payment and nothing else.
	PaymentGateway bool
}

func has(rs []Role, r Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// State is what the state machine needs to know of a dossier.
type State struct {
	Status     Status
	Prev       Status // the status before 5 or 6, to return to
	Step       int    // index into the template's steps
	StepRole   Role   // the role the current step needs
	LastStep   int    // index of the return step (the template's last)
	Transfered bool   // the current step is at another unit for its part
}

// Refusal says why an action is refused; Kind tells the API which status code to give.
type Refusal struct {
	Kind   RefusalKind
	Reason string
}

// RefusalKind separates "not now" (409) from "not you" (403).
type RefusalKind int

const (
	NotAllowedNow RefusalKind = iota + 1
	NotYourRole
)

func (r *Refusal) Error() string { return r.Reason }

// Outcome is the state an allowed action leads to.
type Outcome struct {
	Status Status
	Prev   Status
	Step   int
}

// Decide checks an action against the contract table and returns the next state or a Refusal.
// The contract is documented in docs/workflow.md and tested row by row.
func Decide(st State, a Action, who Actor) (Outcome, error) {
	out := Outcome{Status: st.Status, Prev: st.Prev, Step: st.Step}
	allowed := func(ss ...Status) bool {
		for _, s := range ss {
			if st.Status == s {
				return true
			}
		}
		return false
	}
	notNow := func() (Outcome, error) {
		return Outcome{}, &Refusal{NotAllowedNow, fmt.Sprintf("action %s not allowed in status %d", a, st.Status)}
	}
	notYou := func() (Outcome, error) {
		return Outcome{}, &Refusal{NotYourRole, fmt.Sprintf("role may not take action %s", a)}
	}
	intake := has(who.ReceivingRoles, IntakeOfficer)
	switch a {
	case Receive:
		if !allowed(Submitted) {
			return notNow()
		}
		if !intake {
			return notYou()
		}
		out.Status, out.Step = Received, 0
	case Refuse:
		if !allowed(Submitted, Received) {
			return notNow()
		}
		if !intake {
			return notYou()
		}
		out.Status = Refused
	case RequestSupplement:
		if !allowed(Submitted, Received, Processing) {
			return notNow()
		}
		ok := intake || (st.Status == Processing && has(who.StepRoles, ProcessingOfficer))
		if !ok {
			return notYou()
		}
		out.Status, out.Prev = Supplement, st.Status
	case RecordSupplement:
		if !allowed(Supplement) {
			return notNow()
		}
		if !who.Applicant && !intake {
			return notYou()
		}
		out.Status, out.Prev = st.Prev, 0
	case Forward:
		if !(st.Status == Received && st.Step == 0) && st.Status != Processing {
			return notNow()
		}
		if st.Step >= st.LastStep || st.Transfered {
			return notNow()
		}
		if !has(who.StepRoles, st.StepRole) {
			return notYou()
		}
		out.Step = st.Step + 1
		out.Status = Processing
		if out.Step == st.LastStep {
			out.Status = Done
		}
	case SendBack:
		if st.Status != Processing || st.Step <= 1 || st.Transfered {
			return notNow()
		}
		if !has(who.StepRoles, st.StepRole) {
			return notYou()
		}
		out.Step = st.Step - 1
	case RequestPayment:
		if !allowed(Received, Processing) {
			return notNow()
		}
		if !intake && !has(who.StepRoles, ProcessingOfficer) {
			return notYou()
		}
		out.Status, out.Prev = Payment, st.Status
	case ConfirmPayment:
		if !allowed(Payment) {
			return notNow()
		}
		if !intake && !who.PaymentGateway {
			return notYou()
		}
		out.Status, out.Prev = st.Prev, 0
	case Reschedule:
		// A dossier paused before it was received has no due date to move.
		if !allowed(Received, Processing, Supplement, Payment) || neverReceived(st) {
			return notNow()
		}
		if !has(who.StepRoles, Leader) && !has(who.StepRoles, CentreManager) &&
			!has(who.ReceivingRoles, Leader) && !has(who.ReceivingRoles, CentreManager) {
			return notYou()
		}
	case Transfer:
		if st.Status != Processing || st.Transfered {
			return notNow()
		}
		if !has(who.StepRoles, ProcessingOfficer) {
			return notYou()
		}
	case TransferReturn:
		if st.Status != Processing || !st.Transfered {
			return notNow()
		}
		if !has(who.StepRoles, ProcessingOfficer) {
			return notYou()
		}
	case Withdraw:
		if !allowed(Submitted, Received, Processing, Supplement, Payment) {
			return notNow()
		}
		if !who.Applicant && !intake {
			return notYou()
		}
		out.Status, out.Prev = Withdrawn, 0
	case Stop:
		// Before receipt the intake officer refuses; stopping is for dossiers being processed.
		if !allowed(Received, Processing, Supplement, Payment) || neverReceived(st) {
			return notNow()
		}
		if !has(who.StepRoles, Leader) && !has(who.ReceivingRoles, Leader) {
			return notYou()
		}
		out.Status, out.Prev = Stopped, 0
	case ReturnResult:
		if !allowed(Done) {
			return notNow()
		}
		if !intake {
			return notYou()
		}
		out.Status = Returned
	default:
		return Outcome{}, &Refusal{NotAllowedNow, fmt.Sprintf("unknown action %q", a)}
	}
	return out, nil
}

// neverReceived tells a dossier paused (supplement, payment) before it was received.
func neverReceived(st State) bool {
	return (st.Status == Supplement || st.Status == Payment) && st.Prev == Submitted
}
