package bench

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/motcua/motcua/calendar"
)

// Probe measures how far the live figures lag the transitions: it drives a lane of its own, which
// no client of the run touches, one dossier at a time while the run loads the server, and after
// the receipt and after the return reads the unit's summary for today until that dossier counts
// (received, then solved). The lag is from the transition's answer to the first answer of
// GET /api/v1/stats/summary that counts it.
type Probe struct {
	Lane   Lane
	Reader Actor // may read the lane's unit's figures
}

// Lag names in Result.Latency.
const (
	LagReceived = "lag: received → figures"
	LagSolved   = "lag: returned → figures"
)

// lagLimit is how long the probe waits for a dossier to count before it calls it an error.
const lagLimit = 30 * time.Second

type probeCounts struct {
	Total struct {
		New    int `json:"new"`
		Solved int `json:"solved"`
	} `json:"total"`
}

func (w *worker) probe(ctx context.Context, p Probe, deadline time.Time) error {
	for time.Now().Before(deadline) && ctx.Err() == nil {
		// Today's figures of a unit only the probe uses: before and after its own dossier.
		today := time.Now().In(calendar.Zone).Format(time.DateOnly)
		path := "/api/v1/stats/summary?" + url.Values{"unit": {p.Lane.Unit}, "from": {today}, "to": {today}}.Encode()
		var before probeCounts
		if err := w.do("GET", path, "GET /stats/summary", p.Reader.Token, nil, &before, 200); err != nil {
			return err
		}
		wait := func(name string, counted func(probeCounts) bool) error {
			t0 := time.Now()
			for {
				var now probeCounts
				if err := w.do("GET", path, "GET /stats/summary", p.Reader.Token, nil, &now, 200); err != nil {
					return err
				}
				if counted(now) {
					w.res.Latency[name].Add(time.Since(t0))
					return nil
				}
				if time.Since(t0) > lagLimit {
					return fmt.Errorf("probe: the figures of %s did not count the dossier within %s", p.Lane.Unit, lagLimit)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		_, err := w.lifecycleThen(p.Lane, 0, func(action string) error {
			switch action {
			case "receive":
				return wait(LagReceived, func(c probeCounts) bool { return c.Total.New > before.Total.New })
			case "return_result":
				return wait(LagSolved, func(c probeCounts) bool { return c.Total.Solved > before.Total.Solved })
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}
