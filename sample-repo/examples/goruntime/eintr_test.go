//go:build unix

package goruntime

import (
	"errors"
	"os"
	"syscall"
	"testing"
)

func TestIgnoringEINTRRetriesOnlyEINTR(t *testing.T) {
	calls := 0
	err := IgnoringEINTR(func() error {
		calls++
		if calls < 3 {
			return syscall.EINTR
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Fatalf("两次 EINTR 之后应当成功：err=%v，调用了 %d 次", err, calls)
	}

	calls = 0
	err = IgnoringEINTR(func() error {
		calls++
		return syscall.EBADF
	})
	if !errors.Is(err, syscall.EBADF) || calls != 1 {
		t.Fatalf("别的错误不重试：err=%v，调用了 %d 次", err, calls)
	}
}

func TestReadFDReadsAPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if _, err := w.Write([]byte("order")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	n, err := ReadFD(int(r.Fd()), buf)
	if err != nil || string(buf[:n]) != "order" {
		t.Fatalf("ReadFD = %q, %v", buf[:n], err)
	}
}
