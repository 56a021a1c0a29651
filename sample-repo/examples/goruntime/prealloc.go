package goruntime

// CartItem 购物车里的一行。
type CartItem struct {
	GoodsID int32
	Nums    int32
}

// GoodsIDsGrowing 不预分配：append 在容量不够时会分配更大的底层数组并整体拷贝，
// n 个元素大约要经历 log(n) 次扩容。
func GoodsIDsGrowing(items []CartItem) []int32 {
	var ids []int32
	for _, item := range items {
		ids = append(ids, item.GoodsID)
	}
	return ids
}

// GoodsIDsPrealloc 长度已知时一次分配到位：make([]T, 0, n)。
func GoodsIDsPrealloc(items []CartItem) []int32 {
	ids := make([]int32, 0, len(items))
	for _, item := range items {
		ids = append(ids, item.GoodsID)
	}
	return ids
}
