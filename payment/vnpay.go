package payment

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// VNPay speaks the VNPAY payment gateway's merchant protocol, version 2.1.0: the payer is sent to
// PayURL with the order in vnp_* parameters signed by HMAC-SHA512 over the parameters sorted by
// name; the gateway answers on the merchant's IPN address and on the return address with
// parameters signed the same way. The built-in sandbox (package payment/sandbox) speaks it too.
type VNPay struct {
	Gateway    string // the gateway's payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html
	TmnCode    string // the merchant's terminal code
	HashSecret []byte
	// Expiry is how long the payer has on the gateway's page (default 15 minutes).
	Expiry time.Duration
}

// vnpTime is the protocol's time format, in Vietnam time.
const vnpTime = "20060102150405"

var vnZone = time.FixedZone("ICT", 7*3600)

// Name is "vnpay".
func (v *VNPay) Name() string { return "vnpay" }

// PayURL signs the order's parameters and returns the address of the gateway's payment page.
func (v *VNPay) PayURL(o Order, returnURL, clientIP string, now time.Time) (string, error) {
	if o.Amount <= 0 {
		return "", errors.New("vnpay: amount must be positive")
	}
	exp := v.Expiry
	if exp <= 0 {
		exp = 15 * time.Minute
	}
	q := url.Values{
		"vnp_Version":    {"2.1.0"},
		"vnp_Command":    {"pay"},
		"vnp_TmnCode":    {v.TmnCode},
		"vnp_Amount":     {strconv.FormatInt(o.Amount*100, 10)}, // in hundredths of a đồng
		"vnp_CurrCode":   {"VND"},
		"vnp_TxnRef":     {o.Ref},
		"vnp_OrderInfo":  {o.Info},
		"vnp_OrderType":  {"other"},
		"vnp_Locale":     {"vn"},
		"vnp_ReturnUrl":  {returnURL},
		"vnp_IpAddr":     {clientIP},
		"vnp_CreateDate": {now.In(vnZone).Format(vnpTime)},
		"vnp_ExpireDate": {now.Add(exp).In(vnZone).Format(vnpTime)},
	}
	q.Set("vnp_SecureHash", SignVNPay(v.HashSecret, q))
	return v.Gateway + "?" + q.Encode(), nil
}

// Callback verifies and reads the gateway's IPN or return parameters.
func (v *VNPay) Callback(q url.Values) (Callback, error) {
	if !VerifyVNPay(v.HashSecret, q) {
		return Callback{}, ErrSignature
	}
	if q.Get("vnp_TmnCode") != v.TmnCode {
		return Callback{}, fmt.Errorf("%w: terminal %q is not ours", ErrSignature, q.Get("vnp_TmnCode"))
	}
	cb := Callback{Provider: v.Name(), Ref: q.Get("vnp_TxnRef"), TxnNo: q.Get("vnp_TransactionNo"),
		Code: q.Get("vnp_ResponseCode")}
	hundredths, err := strconv.ParseInt(q.Get("vnp_Amount"), 10, 64)
	if err != nil || hundredths <= 0 {
		return Callback{}, fmt.Errorf("vnpay: bad amount %q", q.Get("vnp_Amount"))
	}
	cb.Amount = hundredths / 100
	if hundredths%100 != 0 {
		cb.Amount = -1 // no fee has a fraction of a đồng: never equal to an order's amount
	}
	cb.Success = cb.Code == "00" && q.Get("vnp_TransactionStatus") == "00"
	if t, err := time.ParseInLocation(vnpTime, q.Get("vnp_PayDate"), vnZone); err == nil {
		cb.PaidAt = t
	}
	return cb, nil
}

// IPNAnswer is the JSON body the gateway expects in answer to an IPN, by outcome: it stops
// retrying on any answer but 99.
func IPNAnswer(o Outcome) (code, message string) {
	switch o {
	case Confirmed, Failed:
		return "00", "Confirm Success"
	case Duplicate, NotPayable:
		return "02", "Order already confirmed"
	case UnknownOrder:
		return "01", "Order not found"
	case WrongAmount:
		return "04", "Invalid amount"
	case BadSignature:
		return "97", "Invalid signature"
	}
	return "99", "Unknown error"
}

// SignVNPay is the protocol's signature: HMAC-SHA512, in hex, of the vnp_* parameters other than
// the signature itself, sorted by name, as name=value pairs URL-encoded and joined by "&".
func SignVNPay(secret []byte, q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		if strings.HasPrefix(k, "vnp_") && k != "vnp_SecureHash" && k != "vnp_SecureHashType" && q.Get(k) != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(q.Get(k)))
	}
	m := hmac.New(sha512.New, secret)
	m.Write([]byte(b.String()))
	return hex.EncodeToString(m.Sum(nil))
}

// VerifyVNPay tells whether q carries a valid signature (compared in constant time; the case of
// the hex digits does not matter) and no parameter twice.
func VerifyVNPay(secret []byte, q url.Values) bool {
	for k, vs := range q {
		if len(vs) > 1 && strings.HasPrefix(k, "vnp_") {
			return false // a second value would be signed as the first and acted on as either
		}
	}
	got, err := hex.DecodeString(strings.ToLower(q.Get("vnp_SecureHash")))
	if err != nil || len(got) != sha512.Size || len(secret) == 0 {
		return false
	}
	want, _ := hex.DecodeString(SignVNPay(secret, q))
	return hmac.Equal(got, want)
}
