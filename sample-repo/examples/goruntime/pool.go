package goruntime

import (
	"bytes"
	"encoding/json"
	"sync"
)

// bufPool 复用序列化用的缓冲区。pprof 里 runtime.mallocgc 占比高，往往意味着热点路径上
// 在大量分配短命的小对象；放回池子下次再取，可以减少分配次数和 GC 压力。
// 池里的对象随时可能被 GC 清掉，只能放"丢了也无所谓"的临时对象。
var bufPool = sync.Pool{
	New: func() any { return new(bytes.Buffer) },
}

// EncodeOrderMessage 把消息编码成 JSON，缓冲区来自池子。
func EncodeOrderMessage(v any) ([]byte, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)

	if err := json.NewEncoder(buf).Encode(v); err != nil {
		return nil, err
	}
	// buf 会被下一个使用者覆盖，返回前必须拷贝一份
	out := make([]byte, buf.Len())
	copy(out, buf.Bytes())
	return out, nil
}
