// Package goruntime 是面试备忘录里 Go 运行时话题的小例子：
// 并发安全的 map（读写锁 vs 协调者 goroutine）、sync.Pool、预分配切片、逃逸分析、满 channel 的发送。
//
// 查看逃逸分析结果：
//
//	go build -gcflags=-m ./examples/goruntime/ 2>&1 | grep escape.go
//
// 运行测试和基准：
//
//	go test -race ./examples/goruntime/
//	go test -bench=. -benchmem ./examples/goruntime/
package goruntime
