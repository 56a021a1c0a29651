package snowflake

import (
	"errors"
	"sync"
	"testing"
)

// fakeClock 每被读一次前进 step 毫秒（step 可以为 0），模拟时钟。
type fakeClock struct {
	mu   sync.Mutex
	ms   int64
	step int64
}

func (c *fakeClock) read() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.ms
	c.ms += c.step
	return v
}

func TestNextIDUniqueUnderConcurrency(t *testing.T) {
	node, err := NewNode(7)
	if err != nil {
		t.Fatal(err)
	}
	const goroutines, perG = 32, 2000
	ids := make(chan int64, goroutines*perG)
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perG; i++ {
				id, err := node.NextID()
				if err != nil {
					t.Error(err)
					return
				}
				ids <- id
			}
		}()
	}
	wg.Wait()
	close(ids)

	seen := make(map[int64]struct{}, goroutines*perG)
	for id := range ids {
		if _, dup := seen[id]; dup {
			t.Fatalf("重复 ID %d", id)
		}
		seen[id] = struct{}{}
	}
}

func TestSequenceExhaustedWaitsForNextMillisecond(t *testing.T) {
	clock := &fakeClock{ms: Epoch + 1000}
	node, _ := NewNode(1)
	node.now = clock.read

	var last int64
	for i := 0; i <= sequenceMask; i++ { // 同一毫秒用满 4096 个
		id, err := node.NextID()
		if err != nil {
			t.Fatal(err)
		}
		last = id
	}
	clock.step = 1 // 之后时钟开始走
	id, err := node.NextID()
	if err != nil {
		t.Fatal(err)
	}
	if id <= last {
		t.Fatalf("ID 没有递增: %d <= %d", id, last)
	}
	at, worker, seq := Parts(id)
	if at.UnixMilli() != Epoch+1001 || worker != 1 || seq != 0 {
		t.Fatalf("期望下一毫秒的第一个 ID，得到 %v/%d/%d", at.UnixMilli(), worker, seq)
	}
}

func TestClockBackwards(t *testing.T) {
	clock := &fakeClock{ms: Epoch + 5000}
	node, _ := NewNode(1)
	node.now = clock.read
	if _, err := node.NextID(); err != nil {
		t.Fatal(err)
	}

	clock.ms = Epoch + 5000 - 1000 // 回拨 1 秒：拒绝
	if _, err := node.NextID(); !errors.Is(err, ErrClockBackwards) {
		t.Fatalf("期望 ErrClockBackwards，得到 %v", err)
	}

	clock.ms, clock.step = Epoch+5000-2, 1 // 回拨 2 毫秒：等时钟追上
	id, err := node.NextID()
	if err != nil {
		t.Fatalf("短回拨应当等待而不是失败: %v", err)
	}
	if at, _, _ := Parts(id); at.UnixMilli() < Epoch+5000 {
		t.Fatalf("短回拨后生成的 ID 时间早于上一次: %d", at.UnixMilli())
	}
}

func TestInvalidWorkerID(t *testing.T) {
	for _, w := range []int64{-1, MaxWorkerID + 1} {
		if _, err := NewNode(w); !errors.Is(err, ErrInvalidWorkerID) {
			t.Errorf("workerID %d: 期望 ErrInvalidWorkerID，得到 %v", w, err)
		}
	}
}
