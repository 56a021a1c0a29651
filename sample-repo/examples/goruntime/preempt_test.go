package goruntime

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// 只有一个 P 时，空转的 goroutine 也必须被换下来，主 goroutine 才能醒来置位 stop。
// 没有异步抢占（Go 1.14 之前，或 GODEBUG=asyncpreemptoff=1）时这个测试会一直卡到超时。
func TestAsyncPreemptionLetsOthersRun(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	var stop, started atomic.Bool
	done := make(chan uint64)
	go func() {
		started.Store(true)
		done <- SpinUntil(&stop)
	}()
	for !started.Load() {
		runtime.Gosched() // 让出唯一的 P，空转的 goroutine 开始运行
	}
	time.Sleep(20 * time.Millisecond) // 睡醒时 P 在空转者手里，要靠 sysmon 抢占才能继续
	stop.Store(true)

	if spins := <-done; spins == 0 {
		t.Fatal("空转的 goroutine 一圈都没转：它没有在主 goroutine 等待期间运行")
	}
}
