package goruntime

// Coordinator 用"一个 goroutine 独占 map、其他人发消息"的方式代替加锁：
// 所有读写都变成发给协调者的请求，由它串行处理，map 本身永远只被一个 goroutine 访问。
// 适合需要把多步操作串成一个整体、或者状态本来就属于某个后台循环的场景。
type Coordinator struct {
	requests chan stockRequest
	done     chan struct{}
}

type stockRequest struct {
	goodsID int32
	delta   int32        // 0 表示只读
	reply   chan<- int32 // 协调者把结果写回这里
}

// NewCoordinator 启动协调者 goroutine；用完调用 Close。
func NewCoordinator() *Coordinator {
	c := &Coordinator{
		requests: make(chan stockRequest),
		done:     make(chan struct{}),
	}
	go c.loop()
	return c
}

func (c *Coordinator) loop() {
	stocks := make(map[int32]int32) // 只有这个 goroutine 能碰到它
	for {
		select {
		case req := <-c.requests:
			stocks[req.goodsID] += req.delta
			req.reply <- stocks[req.goodsID]
		case <-c.done:
			return
		}
	}
}

// Add 增减库存，返回操作后的值。
func (c *Coordinator) Add(goodsID, delta int32) int32 {
	reply := make(chan int32, 1)
	c.requests <- stockRequest{goodsID: goodsID, delta: delta, reply: reply}
	return <-reply
}

// Get 读取库存。
func (c *Coordinator) Get(goodsID int32) int32 {
	return c.Add(goodsID, 0)
}

// Close 停止协调者。Close 之后不能再调用 Add/Get。
func (c *Coordinator) Close() {
	close(c.done)
}
