package goruntime

import "strconv"

// Order 一个很小的结构体。
type Order struct {
	ID      int64
	OrderSn string
}

// NewOrderPtr 返回局部变量的地址：函数返回后 o 还要被使用，编译器把它分配到堆上
// （go build -gcflags=-m 输出 "&Order{...} escapes to heap"），之后由 GC 回收。
func NewOrderPtr(id int64) *Order {
	o := &Order{ID: id, OrderSn: strconv.FormatInt(id, 10)}
	return o
}

// NewOrderValue 按值返回：结构体拷贝给调用者，可以留在栈上，函数返回即释放，不给 GC 增加负担。
// 对象很小时传值往往比传指针更便宜。
func NewOrderValue(id int64) Order {
	return Order{ID: id, OrderSn: strconv.FormatInt(id, 10)}
}
