// Package handler 实现订单服务：下单（事务消息 + 同步扣库存 + 本地事务落订单）和订单超时关单。
package handler

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/apache/rocketmq-client-go/v2"
	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/apache/rocketmq-client-go/v2/producer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"gorm.io/gorm"

	"mxshop_srvs/order_srv/global"
	"mxshop_srvs/order_srv/model"
	"mxshop_srvs/order_srv/proto"
)

const (
	// topicReback 归还库存。CreateOrder 发出的半消息、超时关单发出的消息都投到这里，
	// 由 inventory_srv 的 AutoReback 消费。
	topicReback = "order_reback"
	// topicTimeout 订单超时检查，延时消息。
	topicTimeout = "order_timeout"
	// timeoutDelayLevel 16 对应 RocketMQ 默认延时级别里的 30 分钟。
	timeoutDelayLevel = 16
)

type OrderServer struct {
	proto.UnimplementedOrderServer
}

// orderMessage 是半消息的内容：下单所需的参数，以及库存服务归还时要用的订单号。
type orderMessage struct {
	OrderSn      string `json:"order_sn"`
	User         int32  `json:"user"`
	Address      string `json:"address"`
	SignerName   string `json:"signer_name"`
	SignerMobile string `json:"signer_mobile"`
	Post         string `json:"post"`
}

// OrderListener 是 RocketMQ 事务消息的本地事务回调，每次下单一个实例。
// ExecuteLocalTransaction 在 SendMessageInTransaction 内部同步执行，把结果写进字段，
// CreateOrder 在 SendMessageInTransaction 返回后读取。
type OrderListener struct {
	Ctx         context.Context
	Code        codes.Code
	Detail      string
	ID          int32
	OrderAmount float32
}

// CreateOrder 下单。
//
// 先发"归还库存"的半消息，再在回调里扣库存、落订单：
// 订单落库成功 -> 撤回半消息（库存扣减生效）；库存已扣但订单没落库 -> 提交半消息（库存服务归还）。
// 进程在中途崩溃时，Broker 会回查 CheckLocalTransaction 来决定。
func (*OrderServer) CreateOrder(ctx context.Context, req *proto.OrderRequest) (*proto.OrderInfoResponse, error) {
	id, err := global.OrderIDs.NextID()
	if err != nil {
		return nil, status.Errorf(codes.Unavailable, "生成订单号失败: %v", err)
	}
	orderSn := strconv.FormatInt(id, 10)

	// 监听器持有这一单的执行结果，所以事务生产者按请求创建。
	// 回查不依赖这个实例：Broker 会找同一生产者组里任意在线的实例，回查只用消息体和数据库。
	// Code 预置为失败：消息没发成功时回调根本不会执行
	orderListener := &OrderListener{Ctx: ctx, Code: codes.Internal, Detail: "本地事务没有执行"}
	p, err := rocketmq.NewTransactionProducer(
		orderListener,
		producer.WithNsResolver(primitive.NewPassthroughResolver(global.ServerConfig.RocketMQ.NameServers)),
		producer.WithGroupName("mxshop-order-tx"),
	)
	if err != nil {
		return nil, status.Errorf(codes.Internal, "创建事务生产者失败: %v", err)
	}
	if err := p.Start(); err != nil {
		return nil, status.Errorf(codes.Internal, "启动事务生产者失败: %v", err)
	}
	defer func() { _ = p.Shutdown() }()

	body, err := json.Marshal(orderMessage{
		OrderSn:      orderSn,
		User:         req.UserId,
		Address:      req.Address,
		SignerName:   req.Name,
		SignerMobile: req.Mobile,
		Post:         req.Post,
	})
	if err != nil {
		return nil, status.Errorf(codes.Internal, "序列化订单消息失败")
	}

	// 半消息：此时消费者看不到它；Broker 收到后才回调 ExecuteLocalTransaction
	if _, err := p.SendMessageInTransaction(context.Background(), primitive.NewMessage(topicReback, body)); err != nil {
		return nil, status.Errorf(codes.Internal, "发送事务消息失败: %v", err)
	}
	if orderListener.Code != codes.OK {
		return nil, status.Error(orderListener.Code, orderListener.Detail)
	}
	return &proto.OrderInfoResponse{
		Id:      orderListener.ID,
		UserId:  req.UserId,
		OrderSn: orderSn,
		Status:  model.StatusWaitBuyerPay,
		Total:   orderListener.OrderAmount,
	}, nil
}

// ExecuteLocalTransaction 本地事务：查购物车和价格 -> RPC 扣库存 -> 一个 DB 事务里写订单、订单商品、清购物车。
//
// 返回值决定"归还库存"半消息的命运：
//   - RollbackMessageState：撤回消息，不归还。库存还没扣，或者订单已经落库（扣减应当生效）。
//   - CommitMessageState：投递消息，让库存服务归还。库存可能已扣，但订单没有落库。
func (o *OrderListener) ExecuteLocalTransaction(msg *primitive.Message) primitive.LocalTransactionState {
	var orderMsg orderMessage
	if err := json.Unmarshal(msg.Body, &orderMsg); err != nil {
		o.Code, o.Detail = codes.Internal, "订单消息格式错误"
		return primitive.RollbackMessageState
	}

	var carts []model.ShoppingCart
	if result := global.DB.Where(&model.ShoppingCart{User: orderMsg.User, Checked: true}).Find(&carts); result.RowsAffected == 0 {
		o.Code, o.Detail = codes.InvalidArgument, "没有选中结算的商品"
		return primitive.RollbackMessageState
	}
	goodsIDs := make([]int32, 0, len(carts))
	goodsNums := make(map[int32]int32, len(carts))
	for _, cart := range carts {
		goodsIDs = append(goodsIDs, cart.Goods)
		goodsNums[cart.Goods] = cart.Nums
	}

	// 价格以商品服务为准，不相信客户端传来的金额
	goodsResp, err := global.GoodsSrvClient.BatchGetGoods(o.Ctx, &proto.BatchGoodsIdInfo{Id: goodsIDs})
	if err != nil {
		o.Code, o.Detail = codes.Internal, "批量查询商品信息失败"
		return primitive.RollbackMessageState
	}
	var orderAmount float32
	orderGoods := make([]*model.OrderGoods, 0, len(goodsResp.Data))
	goodsInvInfo := make([]*proto.GoodsInvInfo, 0, len(goodsResp.Data))
	for _, goods := range goodsResp.Data {
		orderAmount += goods.ShopPrice * float32(goodsNums[goods.Id])
		orderGoods = append(orderGoods, &model.OrderGoods{
			Goods:      goods.Id,
			GoodsName:  goods.Name,
			GoodsImage: goods.GoodsFrontImage,
			GoodsPrice: goods.ShopPrice,
			Nums:       goodsNums[goods.Id],
		})
		goodsInvInfo = append(goodsInvInfo, &proto.GoodsInvInfo{GoodsId: goods.Id, Num: goodsNums[goods.Id]})
	}

	// 同步扣库存。从这里开始，任何失败都可能留下"库存扣了、订单没有"的状态
	if _, err := global.InventorySrvClient.Sell(o.Ctx, &proto.SellInfo{OrderSn: orderMsg.OrderSn, GoodsInfo: goodsInvInfo}); err != nil {
		o.Code, o.Detail = status.Code(err), "扣减库存失败"
		switch status.Code(err) {
		case codes.ResourceExhausted, codes.InvalidArgument:
			// 库存服务明确拒绝，它的事务已整体回滚，没有要归还的
			return primitive.RollbackMessageState
		default:
			// 超时或连接错误：扣减可能已经生效。提交归还消息，库存服务按流水判断要不要还
			return primitive.CommitMessageState
		}
	}

	tx := global.DB.Begin()
	order := model.OrderInfo{
		User:         orderMsg.User,
		OrderSn:      orderMsg.OrderSn,
		Status:       model.StatusWaitBuyerPay,
		OrderAmount:  orderAmount,
		Address:      orderMsg.Address,
		SignerName:   orderMsg.SignerName,
		SignerMobile: orderMsg.SignerMobile,
		Post:         orderMsg.Post,
	}
	if err := tx.Save(&order).Error; err != nil {
		tx.Rollback()
		o.Code, o.Detail = codes.Internal, "创建订单失败"
		return primitive.CommitMessageState
	}
	for _, goods := range orderGoods {
		goods.Order = order.ID
	}
	if err := tx.CreateInBatches(orderGoods, 100).Error; err != nil {
		tx.Rollback()
		o.Code, o.Detail = codes.Internal, "保存订单商品失败"
		return primitive.CommitMessageState
	}
	if err := tx.Where(&model.ShoppingCart{User: orderMsg.User, Checked: true}).Delete(&model.ShoppingCart{}).Error; err != nil {
		tx.Rollback()
		o.Code, o.Detail = codes.Internal, "清空购物车失败"
		return primitive.CommitMessageState
	}

	// 超时未支付自动关单：延时消息在事务提交前发出，发不出去就整体失败
	timeoutMsg := primitive.NewMessage(topicTimeout, msg.Body)
	timeoutMsg.WithDelayTimeLevel(timeoutDelayLevel)
	if _, err := global.Producer.SendSync(context.Background(), timeoutMsg); err != nil {
		tx.Rollback()
		o.Code, o.Detail = codes.Internal, "发送订单超时消息失败"
		return primitive.CommitMessageState
	}

	if err := tx.Commit().Error; err != nil {
		o.Code, o.Detail = codes.Internal, "提交订单事务失败"
		return primitive.CommitMessageState
	}
	o.Code, o.ID, o.OrderAmount = codes.OK, order.ID, orderAmount
	// 订单已落库：库存扣减应当生效，撤回"归还库存"的半消息
	return primitive.RollbackMessageState
}

// CheckLocalTransaction 事务回查：Broker 迟迟没收到 Commit/Rollback（比如 order_srv 在回调中途宕机）时调用。
// 以订单表为准：订单在，说明本地事务成功了；订单不在，说明没成功，库存可能已扣，需要归还。
func (o *OrderListener) CheckLocalTransaction(msg *primitive.MessageExt) primitive.LocalTransactionState {
	var orderMsg orderMessage
	if err := json.Unmarshal(msg.Body, &orderMsg); err != nil {
		slog.Error("回查消息无法解析", "msgId", msg.MsgId, "err", err)
		return primitive.UnknowState
	}

	var orderInfo model.OrderInfo
	err := global.DB.Where(model.OrderInfo{OrderSn: orderMsg.OrderSn}).First(&orderInfo).Error
	switch {
	case err == nil:
		// 订单已落库：撤回消息，不归还库存
		return primitive.RollbackMessageState
	case errors.Is(err, gorm.ErrRecordNotFound):
		// 订单不存在：投递消息，归还库存（没扣过的话库存服务会跳过）
		return primitive.CommitMessageState
	default:
		// 查库本身出错时不能猜，交给 Broker 稍后再问
		return primitive.UnknowState
	}
}

// OrderTimeout 消费 order_timeout 延时消息：到期仍未支付就关单，并发出归还库存的消息。
// 关单用带状态条件的 UPDATE，重复投递时第二次改不到任何行，天然幂等。
func OrderTimeout(ctx context.Context, msgs ...*primitive.MessageExt) (consumer.ConsumeResult, error) {
	for _, msg := range msgs {
		var orderMsg orderMessage
		if err := json.Unmarshal(msg.Body, &orderMsg); err != nil {
			slog.Error("超时消息无法解析", "msgId", msg.MsgId, "err", err)
			continue
		}

		tx := global.DB.WithContext(ctx).Begin()
		result := tx.Model(&model.OrderInfo{}).
			Where("order_sn = ? AND status = ?", orderMsg.OrderSn, model.StatusWaitBuyerPay).
			Update("status", model.StatusTradeClosed)
		if result.Error != nil {
			tx.Rollback()
			return consumer.ConsumeRetryLater, nil
		}
		if result.RowsAffected == 0 {
			// 已支付、已关闭，或者订单根本没建成
			tx.Rollback()
			continue
		}

		// 关单和归还消息绑在一起：消息发出去了才提交关单
		sendCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
		_, err := global.Producer.SendSync(sendCtx, primitive.NewMessage(topicReback, msg.Body))
		cancel()
		if err != nil {
			tx.Rollback()
			return consumer.ConsumeRetryLater, nil
		}
		if err := tx.Commit().Error; err != nil {
			// 消息已经发出但关单没提交：库存会被归还，订单仍是待支付。
			// 重试这条超时消息会再次关单；归还是幂等的，不会多还。
			return consumer.ConsumeRetryLater, nil
		}
	}
	return consumer.ConsumeSuccess, nil
}

// OrderDetail 按订单号查询订单。
func (*OrderServer) OrderDetail(ctx context.Context, req *proto.OrderRequest) (*proto.OrderInfoResponse, error) {
	var order model.OrderInfo
	err := global.DB.WithContext(ctx).Where(&model.OrderInfo{OrderSn: req.OrderSn, User: req.UserId}).First(&order).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, status.Errorf(codes.NotFound, "订单不存在")
	}
	if err != nil {
		return nil, status.Errorf(codes.Internal, "查询订单失败: %v", err)
	}
	return &proto.OrderInfoResponse{
		Id:      order.ID,
		UserId:  order.User,
		OrderSn: order.OrderSn,
		PayType: order.PayType,
		Status:  order.Status,
		Post:    order.Post,
		Total:   order.OrderAmount,
		Address: order.Address,
		Name:    order.SignerName,
		Mobile:  order.SignerMobile,
		AddTime: order.CreatedAt.Format(time.DateTime),
	}, nil
}
