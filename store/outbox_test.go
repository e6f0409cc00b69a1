package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/deliver"
	"github.com/motcua/motcua/deliver/sms"
	"github.com/motcua/motcua/deliver/smtp"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/internal/testsmtp"
	"github.com/motcua/motcua/notice"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

const publicURL = "https://dichvucong.example.vn"

// mailed is a counter dossier whose applicant gave an email address and a phone number.
func mailed(name string) store.NewDossier {
	n := counterDossier(name)
	n.Applicant.Email = "an@example.vn"
	return n
}

func notices(t *testing.T, st *store.Store, f testdb.Fixture, code string) []store.Notice {
	t.Helper()
	ns, err := st.Notices(context.Background(), f.Users["intake"], code)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// mailer sends to a test SMTP server.
func mailer(t *testing.T, srv *testsmtp.Server) *smtp.Mailer {
	t.Helper()
	m, err := smtp.New(srv.Addr(), "", "", "Một cửa Vĩnh Phúc <noreply@motcua.test>", smtp.None)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func startSMTP(t *testing.T, opts testsmtp.Options) *testsmtp.Server {
	t.Helper()
	srv, err := testsmtp.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// received is a message as the applicant's mail program shows it.
type received struct {
	Subject, MessageID, Body string
	Header                   mail.Header
}

func readMail(t *testing.T, m testsmtp.Message) received {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(m.Data)))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	if ct := msg.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cte := msg.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
		t.Errorf("Content-Transfer-Encoding %q", cte)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	return received{Subject: subject, MessageID: msg.Header.Get("Message-ID"), Body: string(body), Header: msg.Header}
}

func later(st *store.Store, d time.Duration) {
	at := st.Now().Add(d)
	st.SetClock(func() time.Time { return at })
}

func TestNoticesQueuedWithTheAction(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		d, err := st.CreateDossier(ctx, f.Users["intake"], mailed("Nguyễn Văn An"))
		if err != nil {
			t.Fatal(err)
		}
		ns := notices(t, st, f, d.Code)
		if len(ns) != 2 || ns[0].Kind != notice.Receipt || ns[0].Channel != notice.Email || ns[0].To != "an@example.vn" ||
			ns[1].Channel != notice.SMS || ns[1].To != "0912345678" || ns[0].Status != store.NoticePending {
			t.Fatalf("after intake at the counter: %+v", ns)
		}
		// A refused action queues nothing.
		if _, err := st.Act(ctx, f.Users["intake"], d.Code, dossier.Request{Action: workflow.RequestSupplement, Version: d.Version - 1, Reason: "Thiếu tờ khai"}); motcua.ErrorCode(err) != motcua.ECONFLICT {
			t.Fatalf("stale action: %v", err)
		}
		if _, err := st.Act(ctx, f.Users["intake"], d.Code, dossier.Request{Action: workflow.RequestPayment, Version: d.Version}); err == nil {
			t.Fatal("a payment request without an amount went through")
		}
		if ns := notices(t, st, f, d.Code); len(ns) != 2 {
			t.Fatalf("refused actions queued notices: %d", len(ns))
		}
		if d, err = st.Act(ctx, f.Users["intake"], d.Code, dossier.Request{Action: workflow.RequestSupplement, Version: d.Version, Reason: "Thiếu tờ khai", Documents: []string{"Tờ khai"}}); err != nil {
			t.Fatal(err)
		}
		ns = notices(t, st, f, d.Code)
		if len(ns) != 4 || ns[2].Kind != notice.Supplement {
			t.Fatalf("after request_supplement: %+v", ns)
		}
		// Only officers who see the dossier see its notices.
		for _, who := range []string{"citizen", "other.intake"} {
			if _, err := st.Notices(ctx, f.Users[who], d.Code); motcua.ErrorCode(err) != motcua.ENOTFOUND {
				t.Fatalf("%s lists notices: %v", who, err)
			}
		}
		// An online submission says nothing until it is received.
		in := mailed("Trần Thị Bình")
		in.Channel = "online"
		o, err := st.CreateDossier(ctx, f.Users["citizen"], in)
		if err != nil {
			t.Fatal(err)
		}
		if ns := notices(t, st, f, o.Code); len(ns) != 0 {
			t.Fatalf("submission queued %d notices", len(ns))
		}
		if _, err := st.Act(ctx, f.Users["intake"], o.Code, dossier.Request{Action: workflow.Receive, Version: o.Version}); err != nil {
			t.Fatal(err)
		}
		if ns := notices(t, st, f, o.Code); len(ns) != 2 || ns[0].Kind != notice.Receipt {
			t.Fatalf("receive: %+v", ns)
		}
		// A desk intake that fails after the dossier was written rolls its receipt back too;
		// one refused at the desk was never received; history replayed in a batch sends nothing.
		bad := intake("Lê Văn Cường", store.IntakeReceive)
		bad.Applicant.Email = "cuong@example.vn"
		bad.AppointmentID = 999999
		if _, err := st.Intake(ctx, f.Users["intake"], bad); err == nil {
			t.Fatal("intake for an unknown appointment went through")
		}
		refused := intake("Phạm Thị Dung", store.IntakeRefuse)
		refused.Reason = "Không thuộc thẩm quyền"
		r, err := st.Intake(ctx, f.Users["intake"], refused)
		if err != nil {
			t.Fatal(err)
		}
		if ns := notices(t, st, f, r.Code); len(ns) != 0 {
			t.Fatalf("refused at the desk: %+v", ns)
		}
		err = st.InBatch(ctx, func(b *store.Batch) error {
			_, err := b.Create(f.Users["intake"], mailed("Lịch sử"), st.Now())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		claimed, err := st.ClaimNotices(ctx, 100, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if len(claimed) != 6 {
			t.Fatalf("%d notices queued in all, want 6 (4 + 2): %+v", len(claimed), claimed)
		}
	})
}

func TestNoticeDeliveredByEmail(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		srv := startSMTP(t, testsmtp.Options{})
		w := &deliver.Worker{Store: st, Senders: map[notice.Channel]deliver.Sender{notice.Email: mailer(t, srv)}, PublicURL: publicURL}
		d, err := st.CreateDossier(ctx, f.Users["intake"], mailed("Nguyễn Văn An"))
		if err != nil {
			t.Fatal(err)
		}
		sent, failed, err := w.Pass(ctx)
		if err != nil || sent != 1 || failed != 0 {
			t.Fatalf("pass: sent %d failed %d %v", sent, failed, err)
		}
		msgs := srv.Messages()
		if len(msgs) != 1 || msgs[0].From != "noreply@motcua.test" || len(msgs[0].To) != 1 || msgs[0].To[0] != "an@example.vn" {
			t.Fatalf("received: %+v", msgs)
		}
		m := readMail(t, msgs[0])
		ns := notices(t, st, f, d.Code)
		track := notice.TrackURL(publicURL, d.Code, d.TrackingSecret)
		if m.Subject != "Đã tiếp nhận hồ sơ "+d.Code || !strings.Contains(m.Body, d.Code) || !strings.Contains(m.Body, track) ||
			!strings.Contains(m.Body, "Kính gửi Ông/Bà Nguyễn Văn An") {
			t.Fatalf("message: %q\n%s", m.Subject, m.Body)
		}
		if want := "<notice-" + itoa(ns[0].ID) + "." + d.Code + "@motcua.test>"; m.MessageID != want {
			t.Fatalf("Message-ID %q, want %q", m.MessageID, want)
		}
		if !strings.Contains(string(msgs[0].Data), "Subject: =?utf-8?q?") {
			t.Fatalf("the subject is not RFC 2047 encoded:\n%s", msgs[0].Data)
		}
		if ns[0].Status != store.NoticeSent || ns[0].Attempts != 1 || ns[0].SentAt == nil {
			t.Fatalf("email notice: %+v", ns[0])
		}
		if ns[1].Status != store.NoticeSkipped || ns[1].Attempts != 0 || !strings.Contains(ns[1].LastError, "sms") {
			t.Fatalf("SMS notice without a gateway: %+v", ns[1])
		}
		// Nothing is sent twice.
		if sent, failed, err := w.Pass(ctx); sent+failed != 0 || err != nil {
			t.Fatalf("second pass: %d %d %v", sent, failed, err)
		}
		// The result-ready notice once processing is done.
		for _, who := range []string{"intake", "officer", "leader", "clerk"} {
			if d, err = st.Act(ctx, f.Users[who], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
				t.Fatal(err)
			}
		}
		if d.Status != workflow.Done {
			t.Fatalf("status %d", d.Status)
		}
		if sent, _, err := w.Pass(ctx); sent != 1 || err != nil {
			t.Fatalf("result pass: %d %v", sent, err)
		}
		if m := readMail(t, srv.Messages()[1]); m.Subject != "Đã có kết quả giải quyết hồ sơ "+d.Code {
			t.Fatalf("result notice: %q", m.Subject)
		}
	})
}

func TestNoticeRetriedUntilTheServerAnswers(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		srv := startSMTP(t, testsmtp.Options{})
		w := &deliver.Worker{Store: st, Senders: map[notice.Channel]deliver.Sender{notice.Email: mailer(t, srv)}, PublicURL: publicURL}
		in := mailed("Nguyễn Văn An")
		in.Applicant.Phone = ""
		d, err := st.CreateDossier(ctx, f.Users["intake"], in)
		if err != nil {
			t.Fatal(err)
		}
		// The server is down.
		srv.Refuse(true)
		if sent, failed, err := w.Pass(ctx); sent != 0 || failed != 1 || err != nil {
			t.Fatalf("pass while down: %d %d %v", sent, failed, err)
		}
		n := notices(t, st, f, d.Code)[0]
		if n.Status != store.NoticePending || n.Attempts != 1 || !strings.Contains(n.LastError, "421") ||
			!n.NextAt.Equal(st.Now().Add(time.Minute)) {
			t.Fatalf("after a failure: %+v", n)
		}
		if sent, failed, _ := w.Pass(ctx); sent+failed != 0 {
			t.Fatal("retried before the backoff")
		}
		// Back up, but the acknowledgement is lost: the message arrived, the worker cannot know.
		srv.Refuse(false)
		srv.LoseAcks(true)
		later(st, 61*time.Second)
		if sent, failed, _ := w.Pass(ctx); sent != 0 || failed != 1 {
			t.Fatalf("pass with a lost acknowledgement: %d %d", sent, failed)
		}
		n = notices(t, st, f, d.Code)[0]
		if n.Attempts != 2 || !n.NextAt.Equal(st.Now().Add(2*time.Minute)) {
			t.Fatalf("after the second failure: %+v", n)
		}
		srv.LoseAcks(false)
		later(st, 2*time.Minute)
		if sent, failed, _ := w.Pass(ctx); sent != 1 || failed != 0 {
			t.Fatalf("pass when back: %d %d", sent, failed)
		}
		msgs := srv.Messages()
		if len(msgs) != 2 {
			t.Fatalf("%d messages arrived, want 2 (the unacknowledged one and the retry)", len(msgs))
		}
		a, b := readMail(t, msgs[0]), readMail(t, msgs[1])
		if a.MessageID == "" || a.MessageID != b.MessageID || string(msgs[0].Data) != string(msgs[1].Data) {
			t.Fatalf("the retry differs: %q %q", a.MessageID, b.MessageID)
		}
		n = notices(t, st, f, d.Code)[0]
		if n.Status != store.NoticeSent || n.Attempts != 3 || n.LastError != "" {
			t.Fatalf("after success: %+v", n)
		}
	})
}

// failing refuses every message for good.
type failing struct{}

func (failing) Send(context.Context, notice.Message) error {
	return deliver.Permanent(errors.New("550 mailbox unavailable"))
}

func TestFailedNoticeRetriedByAnOfficer(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		in := mailed("Nguyễn Văn An")
		in.Applicant.Phone = ""
		d, err := st.CreateDossier(ctx, f.Users["intake"], in)
		if err != nil {
			t.Fatal(err)
		}
		w := &deliver.Worker{Store: st, Senders: map[notice.Channel]deliver.Sender{notice.Email: failing{}}, PublicURL: publicURL}
		if _, failed, err := w.Pass(ctx); failed != 1 || err != nil {
			t.Fatalf("pass: %d %v", failed, err)
		}
		n := notices(t, st, f, d.Code)[0]
		if n.Status != store.NoticeFailed || n.Attempts != 1 || !strings.Contains(n.LastError, "550") {
			t.Fatalf("after a permanent refusal: %+v", n)
		}
		if err := st.RetryNotice(ctx, f.Users["citizen"], d.Code, n.ID); motcua.ErrorCode(err) != motcua.ENOTFOUND {
			t.Fatalf("the applicant retried: %v", err)
		}
		if err := st.RetryNotice(ctx, f.Users["intake"], d.Code, n.ID+1000); motcua.ErrorCode(err) != motcua.ECONFLICT {
			t.Fatalf("another dossier's notice: %v", err)
		}
		if err := st.RetryNotice(ctx, f.Users["officer"], d.Code, n.ID); err != nil {
			t.Fatal(err)
		}
		srv := startSMTP(t, testsmtp.Options{})
		w.Senders[notice.Email] = mailer(t, srv)
		if sent, _, err := w.Pass(ctx); sent != 1 || err != nil {
			t.Fatalf("pass after the retry: %d %v", sent, err)
		}
		if n := notices(t, st, f, d.Code)[0]; n.Status != store.NoticeSent || n.Attempts != 2 {
			t.Fatalf("after the retry: %+v", n)
		}
		if err := st.RetryNotice(ctx, f.Users["officer"], d.Code, n.ID); motcua.ErrorCode(err) != motcua.ECONFLICT {
			t.Fatalf("a sent notice was retried: %v", err)
		}
	})
}

func TestSMSGatewayGetsTheIdempotencyKey(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		var mu sync.Mutex
		var got []sms.Request
		var auth []string
		fail := true
		gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var req sms.Request
			if err := json.NewDecoder(r.Body).Decode(&req); err != nil || r.Header.Get("Idempotency-Key") != req.IdempotencyKey {
				http.Error(w, "bad request", http.StatusBadRequest)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			got, auth = append(got, req), append(auth, r.Header.Get("Authorization"))
			if fail { // received, but the gateway fails before it answers
				fail = false
				http.Error(w, "upstream timeout", http.StatusBadGateway)
				return
			}
			w.WriteHeader(http.StatusAccepted)
		}))
		t.Cleanup(gw.Close)
		g, err := sms.New(gw.URL+"/send", "bi-mat")
		if err != nil {
			t.Fatal(err)
		}
		w := &deliver.Worker{Store: st, Senders: map[notice.Channel]deliver.Sender{notice.SMS: g}, PublicURL: publicURL}
		d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Nguyễn Văn An"))
		if err != nil {
			t.Fatal(err)
		}
		if _, failed, _ := w.Pass(ctx); failed != 1 {
			t.Fatalf("first pass: failed %d", failed)
		}
		later(st, time.Minute)
		if sent, _, _ := w.Pass(ctx); sent != 1 {
			t.Fatalf("second pass: sent %d", sent)
		}
		n := notices(t, st, f, d.Code)[0]
		key := notice.Key(n.ID, d.Code)
		if len(got) != 2 || got[0] != got[1] || got[0].IdempotencyKey != key || got[0].To != "0912345678" ||
			!strings.Contains(got[0].Text, d.Code) || auth[0] != "Bearer bi-mat" {
			t.Fatalf("gateway got %+v %v, want key %s", got, auth, key)
		}
		if n.Status != store.NoticeSent || n.Attempts != 2 {
			t.Fatalf("notice: %+v", n)
		}
	})
}

// TestTwoWorkersSendEachNoticeOnce runs two workers at once, each on its own store handle on the
// same database, as two servers would.
func TestTwoWorkersSendEachNoticeOnce(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			open := func() *store.Store {
				st, err := store.Open(ctx, db.DSN)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				st.SetClock(func() time.Time { return testdb.At(9, 0) })
				return st
			}
			a := open()
			fx := testdb.Seed(t, a)
			const n = 40
			for i := range n {
				in := mailed("Người nộp " + itoa(int64(i)))
				in.Applicant.Phone = ""
				if _, err := a.CreateDossier(ctx, fx.Users["intake"], in); err != nil {
					t.Fatal(err)
				}
			}
			srv := startSMTP(t, testsmtp.Options{})
			b := open()
			var wg sync.WaitGroup
			counts := make([]int, 2)
			for i, st := range []*store.Store{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					w := &deliver.Worker{Store: st, Senders: map[notice.Channel]deliver.Sender{notice.Email: mailer(t, srv)},
						PublicURL: publicURL, Batch: 3}
					sent, _, err := w.Pass(ctx)
					if err != nil {
						t.Error(err)
					}
					counts[i] = sent
				}()
			}
			wg.Wait()
			msgs := srv.Messages()
			seen := map[string]bool{}
			for _, m := range msgs {
				id := readMail(t, m).MessageID
				if seen[id] {
					t.Fatalf("%s sent twice", id)
				}
				seen[id] = true
			}
			if len(msgs) != n || counts[0]+counts[1] != n {
				t.Fatalf("%d messages, workers sent %v; want %d in all", len(msgs), counts, n)
			}
			t.Logf("workers sent %v", counts)
		})
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
