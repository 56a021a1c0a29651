// Package handler 实现库存服务的 gRPC 接口和归还库存的 MQ 消费者。
package handler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/go-redsync/redsync/v4"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"gorm.io/gorm"

	"mxshop_srvs/inventory_srv/global"
	"mxshop_srvs/inventory_srv/model"
	"mxshop_srvs/inventory_srv/proto"
)

type InventoryServer struct {
	proto.UnimplementedInventoryServer
}

// SetInv 设置某件商品的库存（后台或商品上架时调用），已有记录则覆盖。
func (*InventoryServer) SetInv(ctx context.Context, req *proto.GoodsInvInfo) (*emptypb.Empty, error) {
	// 和 Sell 用同一把商品锁，避免与正在进行的扣减互相覆盖
	mutexs, err := lockGoods(ctx, []int32{req.GoodsId})
	if err != nil {
		return nil, status.Errorf(codes.Internal, "获取redis分布式锁异常")
	}
	defer unlockAll(mutexs)

	var inv model.Inventory
	err = global.DB.WithContext(ctx).Where(&model.Inventory{Goods: req.GoodsId}).First(&inv).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, status.Errorf(codes.Internal, "查询库存失败: %v", err)
	}
	inv.Goods = req.GoodsId
	inv.Stocks = req.Num
	if err := global.DB.WithContext(ctx).Save(&inv).Error; err != nil {
		return nil, status.Errorf(codes.Internal, "设置库存失败: %v", err)
	}
	return &emptypb.Empty{}, nil
}

// InvDetail 查询某件商品的库存。
func (*InventoryServer) InvDetail(ctx context.Context, req *proto.GoodsInvInfo) (*proto.GoodsInvInfo, error) {
	var inv model.Inventory
	err := global.DB.WithContext(ctx).Where(&model.Inventory{Goods: req.GoodsId}).First(&inv).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, status.Errorf(codes.NotFound, "没有库存信息")
	}
	if err != nil {
		return nil, status.Errorf(codes.Internal, "查询库存失败: %v", err)
	}
	return &proto.GoodsInvInfo{GoodsId: inv.Goods, Num: inv.Stocks}, nil
}

// Sell 扣减一个订单里所有商品的库存：全部扣成功，或者一件都不扣。
//
// 顺序固定为：查流水 -> 加锁 -> 开事务 -> 插流水 -> 查库存 -> 扣减 -> 提交 -> 解锁。
// Redis 只做互斥，真正的库存在 MySQL，由本地事务保证原子性。
// 加锁和事务都用调用方的 ctx：调用方超时或放弃后，等锁和查库都立刻停下，不替它继续干活。
//
// 幂等判断在库存检查之前：同一个订单号的重试要看到第一次的结果，而不是被第一次扣少了的库存。
// 否则第一次在调用方超时之后才提交、重试看到库存已经不够，会回答"库存不足"，
// 订单服务据此撤回归还消息，第一次扣掉的库存就再也没人还。
func (*InventoryServer) Sell(ctx context.Context, req *proto.SellInfo) (*emptypb.Empty, error) {
	if req.OrderSn == "" || len(req.GoodsInfo) == 0 {
		return nil, status.Errorf(codes.InvalidArgument, "缺少订单号或商品")
	}
	for _, goodsInfo := range req.GoodsInfo {
		// 负数"扣减"等于凭空加库存；要在合并之前检查，否则 5 和 -3 合并成 2 就看不出来了
		if goodsInfo.Num <= 0 {
			return nil, status.Errorf(codes.InvalidArgument, "商品 %d 的数量必须大于 0", goodsInfo.GoodsId)
		}
	}

	// 先按订单号查流水：这一单已经扣过（或已被撤销），按流水回答，不拿锁、不看库存
	existing, err := findSellDetail(global.DB.WithContext(ctx), req.OrderSn)
	if err != nil {
		return nil, status.Errorf(codes.Internal, "查询扣减流水失败")
	}
	if existing != nil {
		return sellAgain(existing)
	}

	goodsList := mergeAndSort(req.GoodsInfo)

	// 每件商品一把锁，按商品 ID 升序加锁：两个订单即使包含相同的几件商品，
	// 加锁顺序也一致，不会互相等待对方手里的锁。
	// redsync 拿不到锁时随机睡 50~250ms 再试，最多 32 次，没有排队也不保证先来先得；
	// LockContext 让这段等待在 ctx 结束时立刻返回，而 Lock() 会替已经放弃的调用方再等好几秒。
	mutexs := make([]*redsync.Mutex, 0, len(goodsList))
	for _, goodsInfo := range goodsList {
		mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))
		if err := mutex.LockContext(ctx); err != nil {
			unlockAll(mutexs)
			if ctx.Err() != nil {
				return nil, status.FromContextError(ctx.Err()).Err()
			}
			return nil, status.Errorf(codes.Internal, "获取redis分布式锁异常")
		}
		mutexs = append(mutexs, mutex)
	}

	tx := global.DB.WithContext(ctx).Begin()

	// 事务里的第一条语句就插入扣减流水，用 OrderSn 的唯一索引占住这个订单号。
	// 明细就是合并后的请求：事务提交了就是全部扣成，回滚了流水也一起消失。
	// 查流水和插流水之间提交的另一次尝试，在这里撞上唯一索引：仍然在看库存之前。
	details := make(model.GoodsDetailList, 0, len(goodsList))
	for _, goodsInfo := range goodsList {
		details = append(details, model.GoodsDetail{Goods: goodsInfo.GoodsId, Num: goodsInfo.Num})
	}
	sellDetail := model.StockSellDetail{
		OrderSn: req.OrderSn,
		Status:  model.SellStatusDeducted,
		Detail:  details,
	}
	if err := tx.Create(&sellDetail).Error; err != nil {
		tx.Rollback()
		unlockAll(mutexs)
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			existing, err := findSellDetail(global.DB.WithContext(ctx), req.OrderSn)
			if err != nil || existing == nil {
				return nil, status.Errorf(codes.Internal, "查询扣减流水失败")
			}
			return sellAgain(existing)
		}
		return nil, status.Errorf(codes.Internal, "保存扣减流水失败")
	}

	for _, goodsInfo := range goodsList {
		var inventory model.Inventory
		if result := tx.Where(&model.Inventory{Goods: goodsInfo.GoodsId}).First(&inventory); result.RowsAffected == 0 {
			tx.Rollback()
			unlockAll(mutexs)
			return nil, status.Errorf(codes.InvalidArgument, "商品 %d 没有库存信息", goodsInfo.GoodsId)
		}
		// 库存不足：回滚整个事务，前面已经扣过的商品和刚插入的流水一并撤销。
		// 走到这里说明这个订单号此前没有任何一次扣成（否则上面已经按流水回答了），
		// 所以"库存不足"对重试也是真话：这一单什么都没扣
		if inventory.Stocks < goodsInfo.Num {
			tx.Rollback()
			unlockAll(mutexs)
			return nil, status.Errorf(codes.ResourceExhausted, "库存不足")
		}
		// 扣减本身也带条件：即使锁在持有期间失效（过期、Redis 主从切换），
		// 数据库也不会把库存扣成负数。锁负责把争抢挡在数据库外面，这个条件负责最后的正确性
		result := tx.Model(&model.Inventory{}).
			Where("goods = ? AND stocks >= ?", goodsInfo.GoodsId, goodsInfo.Num).
			Update("stocks", gorm.Expr("stocks - ?", goodsInfo.Num))
		if result.Error != nil {
			tx.Rollback()
			unlockAll(mutexs)
			return nil, status.Errorf(codes.Internal, "扣减库存失败")
		}
		if result.RowsAffected == 0 {
			tx.Rollback()
			unlockAll(mutexs)
			return nil, status.Errorf(codes.ResourceExhausted, "库存不足")
		}
	}

	// 上游已经超时或取消：调用方会按失败处理，这里也不要再提交
	if err := ctx.Err(); err != nil {
		tx.Rollback()
		unlockAll(mutexs)
		return nil, status.FromContextError(err).Err()
	}

	// 先提交事务，再释放锁：锁放开时数据已经落库，下一个拿到锁的请求读到的一定是新库存
	if err := tx.Commit().Error; err != nil {
		unlockAll(mutexs)
		return nil, status.Errorf(codes.Internal, "提交扣减事务失败")
	}
	unlockAll(mutexs)
	return &emptypb.Empty{}, nil
}

// findSellDetail 按订单号查扣减流水；没有流水时返回 nil, nil。
func findSellDetail(db *gorm.DB, orderSn string) (*model.StockSellDetail, error) {
	var detail model.StockSellDetail
	err := db.Where(&model.StockSellDetail{OrderSn: orderSn}).First(&detail).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &detail, nil
}

// sellAgain 回答"这个订单号已经有流水"的 Sell：看流水的状态决定怎么回答，不看库存。
//   - 已扣减：同一个订单号扣过一次（gRPC 超时重试），这次什么都不做，按成功返回；
//   - 已归还：归还消息先到了（可能只留下一条空的归还记录），这一单已经被撤销，
//     不能再扣，否则扣掉的库存再也没有人还（TCC 里的"防悬挂"）。返回 Aborted，调用方按失败处理。
func sellAgain(existing *model.StockSellDetail) (*emptypb.Empty, error) {
	if existing.Status == model.SellStatusReturned {
		return nil, status.Errorf(codes.Aborted, "订单 %s 已撤销，不再扣减", existing.OrderSn)
	}
	return &emptypb.Empty{}, nil
}

// Reback 按订单号归还库存，供人工补偿使用；与 AutoReback 共用同一段幂等逻辑。
func (*InventoryServer) Reback(ctx context.Context, req *proto.SellInfo) (*emptypb.Empty, error) {
	if req.OrderSn == "" {
		return nil, status.Errorf(codes.InvalidArgument, "缺少订单号")
	}
	if _, err := rebackOrder(ctx, req.OrderSn); err != nil {
		return nil, status.Errorf(codes.Internal, "归还库存失败: %v", err)
	}
	return &emptypb.Empty{}, nil
}

// rebackMessage 是 order_reback 主题的消息体；库存服务只关心订单号。
type rebackMessage struct {
	OrderSn string `json:"order_sn"`
}

// MaxReconsumeTimes 是归还消息最多重投的次数；再失败，消息进入死信队列 %DLQ%mxshop-inventory。
const MaxReconsumeTimes = 16

// AutoReback 消费 order_reback 主题：订单没建成、或者超时关单时，把扣掉的库存加回去。
//
// RocketMQ 至少投递一次，同一条消息可能来多次，所以处理必须幂等。
func AutoReback(ctx context.Context, msgs ...*primitive.MessageExt) (consumer.ConsumeResult, error) {
	for _, msg := range msgs {
		var body rebackMessage
		if err := json.Unmarshal(msg.Body, &body); err != nil {
			// 格式错误的消息重投也不会变好，记录后跳过
			slog.Error("归还消息无法解析", "msgId", msg.MsgId, "err", err)
			continue
		}
		returned, err := rebackOrder(ctx, body.OrderSn)
		if err != nil {
			if msg.ReconsumeTimes >= MaxReconsumeTimes {
				// 这是最后一次重投：再失败就进死信队列，不会再自动归还。必须告警，由人按订单号调用 Reback
				slog.Error("归还库存重试用尽，消息将进入死信队列", "orderSn", body.OrderSn, "reconsumeTimes", msg.ReconsumeTimes, "err", err)
			} else {
				slog.Warn("归还库存失败，稍后重试", "orderSn", body.OrderSn, "reconsumeTimes", msg.ReconsumeTimes, "err", err)
			}
			return consumer.ConsumeRetryLater, nil
		}
		slog.Info("处理归还消息", "orderSn", body.OrderSn, "returned", returned)
	}
	return consumer.ConsumeSuccess, nil
}

// rebackOrder 在一个事务里归还某个订单扣掉的库存，并把流水标记为已归还。
// 返回 false 表示不需要归还：这个订单从没扣过库存，或者已经归还过。
func rebackOrder(ctx context.Context, orderSn string) (bool, error) {
	var sellDetail model.StockSellDetail
	err := global.DB.WithContext(ctx).Where(&model.StockSellDetail{OrderSn: orderSn}).First(&sellDetail).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		// 没有流水：Sell 失败了、还没被调用，或者还在执行。留一条"已归还"的空记录（TCC 的空回滚），
		// 之后才到的 Sell 进门查流水（或插流水时撞上唯一索引），看到"已归还"就拒绝扣减，库存不会被扣掉又没人还
		return false, recordEmptyReturn(ctx, orderSn)
	}
	if err != nil {
		// 查库出错不能当成"没扣过"，否则这笔库存就永远丢了；交给调用方重试
		return false, err
	}
	if sellDetail.Status == model.SellStatusReturned {
		// 重复投递：已经还过了
		return false, nil
	}

	// 和 Sell、SetInv 拿同一批商品锁：扣减和归还都是 stocks ∓ ? 的原子更新，
	// 但 SetInv 是整体覆盖写，不加锁的话加回去的库存可能被它写回的旧值盖掉。
	goodsIDs := make([]int32, 0, len(sellDetail.Detail))
	for _, item := range sellDetail.Detail {
		goodsIDs = append(goodsIDs, item.Goods)
	}
	mutexs, err := lockGoods(ctx, goodsIDs)
	if err != nil {
		return false, err
	}
	defer unlockAll(mutexs) // 在下面的提交之后才执行

	tx := global.DB.WithContext(ctx).Begin()
	// 用带状态条件的 UPDATE 抢"归还权"：两条重复消息并发处理时，只有一个事务能改到这一行
	result := tx.Model(&model.StockSellDetail{}).
		Where("order_sn = ? AND status = ?", orderSn, model.SellStatusDeducted).
		Update("status", model.SellStatusReturned)
	if result.Error != nil {
		tx.Rollback()
		return false, result.Error
	}
	if result.RowsAffected == 0 {
		tx.Rollback()
		return false, nil
	}

	for _, goods := range sellDetail.Detail {
		err := tx.Model(&model.Inventory{}).
			Where(&model.Inventory{Goods: goods.Goods}).
			Update("stocks", gorm.Expr("stocks + ?", goods.Num)).Error
		if err != nil {
			tx.Rollback()
			return false, err
		}
	}
	if err := tx.Commit().Error; err != nil {
		return false, err
	}
	return true, nil
}

// recordEmptyReturn 为从没扣过库存的订单写一条"已归还"的空流水。
// 正在执行的 Sell 已经插入了流水但还没提交时，这里的插入会等它：它提交了，插入撞上唯一索引，
// 返回错误让消息稍后重投（下次就能按流水归还）；它回滚了，空记录写入成功。
func recordEmptyReturn(ctx context.Context, orderSn string) error {
	err := global.DB.WithContext(ctx).Create(&model.StockSellDetail{
		OrderSn: orderSn,
		Status:  model.SellStatusReturned,
		Detail:  model.GoodsDetailList{},
	}).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return fmt.Errorf("订单 %s 的扣减刚刚提交，稍后重试归还", orderSn)
	}
	return err
}

// OrphanAge 是对账只看多久以前的"已扣减"流水。它远大于下单的本地事务预算（3 秒）和半消息的整个回查期
// （首次约 6 秒后、之后每轮 30~60 秒、最多 15 轮）：到这时订单还不在（或已关闭），消息路径就不会再来归还了。
const OrphanAge = 30 * time.Minute

// ReturnOrphans 是对账兜底，由定时任务调用：找出 OrphanAge 之前扣减、至今仍是"已扣减"、
// 订单却已经不占库存（不存在或已关闭）的流水，按订单号归还。
// 它接住消息路径漏掉的库存：order_srv 全部下线太久，半消息回查 15 轮无结论被丢弃；
// 归还消息重试用尽进了死信队列，又没人在保留期（默认 72 小时）内处理。
// orderHoldsStock 由调用方提供（例如调 order_srv 的 OrderDetail：NotFound 或已关闭即不占）；
// 查不准的那一单跳过，下次再对。rebackOrder 幂等，和迟到的消息撞在一起也不会多还。
func ReturnOrphans(ctx context.Context, orderHoldsStock func(ctx context.Context, orderSn string) (bool, error)) (int, error) {
	var deducted []model.StockSellDetail
	err := global.DB.WithContext(ctx).
		Where("status = ? AND add_time < ?", model.SellStatusDeducted, time.Now().Add(-OrphanAge)).
		Order("add_time").Limit(100).Find(&deducted).Error
	if err != nil {
		return 0, err
	}
	returned := 0
	for _, detail := range deducted {
		holds, err := orderHoldsStock(ctx, detail.OrderSn)
		if err != nil {
			slog.Warn("对账：查不到订单状态，下次再对", "orderSn", detail.OrderSn, "err", err)
			continue
		}
		if holds {
			continue
		}
		ok, err := rebackOrder(ctx, detail.OrderSn)
		if err != nil {
			return returned, err
		}
		if ok {
			slog.Warn("对账归还了消息路径漏掉的库存", "orderSn", detail.OrderSn)
			returned++
		}
	}
	return returned, nil
}

// lockGoods 按商品 ID 升序拿到这些商品的锁，加锁顺序和 Sell 一致。
// 失败时已经拿到的锁会被释放。
func lockGoods(ctx context.Context, goodsIDs []int32) ([]*redsync.Mutex, error) {
	sorted := append([]int32(nil), goodsIDs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })

	mutexs := make([]*redsync.Mutex, 0, len(sorted))
	for _, goodsID := range sorted {
		mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsID))
		if err := mutex.LockContext(ctx); err != nil {
			unlockAll(mutexs)
			return nil, fmt.Errorf("获取商品 %d 的锁: %w", goodsID, err)
		}
		mutexs = append(mutexs, mutex)
	}
	return mutexs, nil
}

// mergeAndSort 合并同一商品的多行，并按商品 ID 升序排好，决定加锁顺序。
// 同一商品出现两次时如果不合并，会对同一把锁加锁两次，第二次必然失败。
func mergeAndSort(items []*proto.GoodsInvInfo) []*proto.GoodsInvInfo {
	byGoods := make(map[int32]int32, len(items))
	for _, item := range items {
		byGoods[item.GoodsId] += item.Num
	}
	merged := make([]*proto.GoodsInvInfo, 0, len(byGoods))
	for goodsID, num := range byGoods {
		merged = append(merged, &proto.GoodsInvInfo{GoodsId: goodsID, Num: num})
	}
	sort.Slice(merged, func(i, j int) bool { return merged[i].GoodsId < merged[j].GoodsId })
	return merged
}

// unlockAll 释放已经拿到的锁。出错返回前也必须调用，
// 否则这些商品要等锁过期（redsync 默认 8 秒）才能再被购买。
func unlockAll(mutexs []*redsync.Mutex) {
	for _, mutex := range mutexs {
		if ok, err := mutex.Unlock(); !ok || err != nil {
			slog.Warn("释放商品锁失败", "lock", mutex.Name(), "err", err)
		}
	}
}
